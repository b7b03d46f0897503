using System.Net;
using System.Text;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Http;

/// <summary>
/// Absurd input gets a 4xx problem that names the field, and changes nothing. Each test checks many inputs on one app
/// and reports every miss at once.
/// </summary>
public sealed class ValidationTests
{
    private const string ProblemJson = "application/problem+json";

    private sealed record Fixture(HttpClient Client, int SourceId, int ClaimId);

    /// <summary>An admin client (so every write endpoint is open to it), one source and one claim made on 2026-10-01.</summary>
    private static async Task<Fixture> SetUpAsync(TestApp app)
    {
        var client = await app.ClientAsAsync(Role.Admin, "validator");
        var source = await client.PostJsonAsync("/api/sources", new { name = "Existing source", kind = "outlet", aliases = new[] { "ES" } });
        Assert.True(source.StatusCode == HttpStatusCode.Created, await source.Content.ReadAsStringAsync());
        var sourceId = (await source.ReadAsync<SourceDto>()).Id;
        var claim = await client.PostJsonAsync("/api/claims", new { sourceId, text = "An existing claim", madeAt = "2026-10-01" });
        Assert.True(claim.StatusCode == HttpStatusCode.Created, await claim.Content.ReadAsStringAsync());
        // Let the background recompute of the claim's source finish, so snapshots see only what refused requests change.
        await app.WaitForRecomputeAsync();
        return new Fixture(client, sourceId, (await claim.ReadAsync<ClaimDto>()).Id);
    }

    private static Task<HttpResponseMessage> Raw(HttpClient client, string method, string url, string json) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private static Task<HttpResponseMessage> Raw(HttpClient client, string method, string url, HttpContent? content) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });

    /// <summary>
    /// Sends requests that must be refused; checks the answer and that nothing in the database changed; collects every miss.
    /// </summary>
    private sealed class Refusals(TestApp app)
    {
        private readonly List<string> _misses = [];

        private string Snapshot() => app.WithDb(db =>
            $"sources={db.Sources.Count()} claims={db.Claims.Count()} verdicts={db.Verdicts.Count()} scores={db.ScoreVersions.Count()} audit={db.AuditEntries.Count()} | " +
            string.Join(" | ", db.Sources.OrderBy(s => s.Id).AsEnumerable()
                .Select(s => $"{s.Id}:{s.Name}:{s.Kind}:{string.Join(',', s.Aliases)}:{s.Url}:{s.Description}")));

        /// <summary>Expects a 400 problem whose errors name every one of <paramref name="fields"/>.</summary>
        public async Task FieldAsync(string label, Func<Task<HttpResponseMessage>> send, params string[] fields)
        {
            var before = Snapshot();
            var response = await send();
            foreach (var field in fields)
            {
                try
                {
                    await response.AssertFieldErrorAsync(field);
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    _misses.Add($"{label}: {e.Message.ReplaceLineEndings(" ")}");
                }
            }
            Unchanged(label, before);
        }

        /// <summary>Expects <paramref name="expected"/> with a problem-details body.</summary>
        public async Task StatusAsync(string label, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
        {
            var before = Snapshot();
            var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
                _misses.Add($"{label}: expected {(int)expected}, got {(int)response.StatusCode} {Shorten(body)}");
            else if (response.Content.Headers.ContentType?.MediaType != ProblemJson)
                _misses.Add($"{label}: expected a {ProblemJson} body, got '{response.Content.Headers.ContentType}' {Shorten(body)}");
            Unchanged(label, before);
        }

        private void Unchanged(string label, string before)
        {
            var after = Snapshot();
            if (after != before) _misses.Add($"{label}: the database changed\n  before {before}\n  after  {after}");
        }

        public void AssertNone() => Assert.True(_misses.Count == 0, $"{_misses.Count} miss(es):\n" + string.Join('\n', _misses));
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    [Fact]
    public async Task Ten_megabyte_bodies_are_413_and_change_nothing()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var huge = new string('x', 10 * 1024 * 1024);
        var check = new Refusals(app);

        await check.StatusAsync("POST /api/sources", () => Raw(client, "POST", "/api/sources", $$"""{"name": "{{huge}}", "kind": "outlet"}"""), HttpStatusCode.RequestEntityTooLarge);
        await check.StatusAsync("PUT /api/sources/{id}", () => Raw(client, "PUT", $"/api/sources/{sourceId}", $$"""{"name": "Renamed", "kind": "outlet", "description": "{{huge}}"}"""), HttpStatusCode.RequestEntityTooLarge);
        await check.StatusAsync("POST /api/claims", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "{{huge}}", "madeAt": "2026-10-01"}"""), HttpStatusCode.RequestEntityTooLarge);
        await check.StatusAsync("POST /api/claims/{id}/verdicts", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", $$"""{"outcome": "confirmed", "note": "{{huge}}"}"""), HttpStatusCode.RequestEntityTooLarge);
        await check.StatusAsync("POST /api/auth/login", () => Raw(app.CreateClient(), "POST", "/api/auth/login", $$"""{"userName": "validator", "password": "{{huge}}"}"""), HttpStatusCode.RequestEntityTooLarge);
        check.AssertNone();
    }

    [Fact]
    public async Task Hundred_thousand_character_text_is_400_naming_the_field()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var longText = new string('a', 100_000);
        var check = new Refusals(app);

        await check.FieldAsync("claim text", () => client.PostJsonAsync("/api/claims", new { sourceId, text = longText, madeAt = "2026-10-01" }), "text");
        await check.FieldAsync("claim citation", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "ok", madeAt = "2026-10-01", citation = longText }), "citation");
        await check.FieldAsync("claim url", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "ok", madeAt = "2026-10-01", url = "https://example.org/" + longText }), "url");
        await check.FieldAsync("source name", () => client.PostJsonAsync("/api/sources", new { name = longText, kind = "outlet" }), "name");
        await check.FieldAsync("source description", () => client.PostJsonAsync("/api/sources", new { name = "Long", kind = "outlet", description = longText }), "description");
        await check.FieldAsync("source alias", () => client.PostJsonAsync("/api/sources", new { name = "Long", kind = "outlet", aliases = new[] { longText } }), "aliases[0]");
        await check.FieldAsync("updated name", () => Raw(client, "PUT", $"/api/sources/{sourceId}", $$"""{"name": "{{longText}}", "kind": "outlet"}"""), "name");
        await check.FieldAsync("verdict note", () => client.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome = "confirmed", note = longText }), "note");
        await check.FieldAsync("search", () => client.GetAsync($"/api/sources?search={new string('a', 5_000)}"), "search");
        check.AssertNone();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var check = new Refusals(app);
        var endpoints = new[] { ("POST", "/api/sources"), ("PUT", $"/api/sources/{sourceId}"), ("POST", "/api/claims"), ("POST", $"/api/claims/{claimId}/verdicts"), ("POST", "/api/auth/login") };
        var bodies = new[] { """{"name": """, "not json", """{"name": "x",}""", "{'name': 'x'}", """{"name": "unterminated""", "{{}}" };

        foreach (var (method, url) in endpoints)
            foreach (var body in bodies)
                await check.StatusAsync($"{method} {url} with `{body}`", () => Raw(client, method, url, body), HttpStatusCode.BadRequest);
        // Where the parser stopped inside a field, the problem names it.
        await check.FieldAsync("truncated after \"name\":", () => Raw(client, "POST", "/api/sources", """{"name": """), "name");
        await check.FieldAsync("not json at all", () => Raw(client, "POST", "/api/sources", "not json"), "body");
        check.AssertNone();
    }

    [Fact]
    public async Task Wrong_types_and_unknown_fields_are_400_naming_the_field()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var check = new Refusals(app);

        await check.FieldAsync("kind: 5", () => Raw(client, "POST", "/api/sources", """{"name": "Typed", "kind": 5}"""), "kind");
        await check.FieldAsync("kind: \"5\"", () => Raw(client, "POST", "/api/sources", """{"name": "Typed", "kind": "5"}"""), "kind");
        await check.FieldAsync("kind: planet", () => Raw(client, "POST", "/api/sources", """{"name": "Typed", "kind": "planet"}"""), "kind");
        await check.FieldAsync("PUT kind: 5", () => Raw(client, "PUT", $"/api/sources/{sourceId}", """{"name": "Typed", "kind": 5}"""), "kind");
        await check.FieldAsync("name: 42", () => Raw(client, "POST", "/api/sources", """{"name": 42, "kind": "outlet"}"""), "name");
        await check.FieldAsync("aliases: \"one\"", () => Raw(client, "POST", "/api/sources", """{"name": "Typed", "kind": "outlet", "aliases": "one"}"""), "aliases");
        await check.FieldAsync("sourceId: \"abc\"", () => Raw(client, "POST", "/api/claims", """{"sourceId": "abc", "text": "t", "madeAt": "2026-10-01"}"""), "sourceId");
        await check.FieldAsync("sourceId: 1.5", () => Raw(client, "POST", "/api/claims", """{"sourceId": 1.5, "text": "t", "madeAt": "2026-10-01"}"""), "sourceId");
        await check.FieldAsync("madeAt: \"yesterday\"", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "t", "madeAt": "yesterday"}"""), "madeAt");
        await check.FieldAsync("madeAt: \"2026-02-30\"", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "t", "madeAt": "2026-02-30"}"""), "madeAt");
        await check.FieldAsync("statedConfidence: \"high\"", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "t", "madeAt": "2026-10-01", "statedConfidence": "high"}"""), "statedConfidence");
        await check.FieldAsync("tags: 3", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "t", "madeAt": "2026-10-01", "tags": 3}"""), "tags");
        await check.FieldAsync("outcome: 1", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", """{"outcome": 1, "note": "n"}"""), "outcome");
        await check.FieldAsync("outcome: maybe", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", """{"outcome": "maybe", "note": "n"}"""), "outcome");
        await check.FieldAsync("evidenceUrls: \"x\"", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", """{"outcome": "confirmed", "evidenceUrls": "https://example.org"}"""), "evidenceUrls");

        await check.FieldAsync("statedConfidense", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "t", "madeAt": "2026-10-01", "statedConfidense": 0.5}"""), "statedConfidense");
        await check.FieldAsync("nmae", () => Raw(client, "POST", "/api/sources", """{"nmae": "Typo", "kind": "outlet"}"""), "nmae");
        await check.FieldAsync("evidence", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", """{"outcome": "confirmed", "evidence": "https://example.org"}"""), "evidence");
        check.AssertNone();
    }

    [Fact]
    public async Task Bad_dates_ids_and_confidences_are_400_naming_the_field()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var check = new Refusals(app);
        Task<HttpResponseMessage> PostClaim(object body) => client.PostJsonAsync("/api/claims", body);

        await check.FieldAsync("madeAt 9999", () => PostClaim(new { sourceId, text = "t", madeAt = "9999-12-31" }), "madeAt");
        await check.FieldAsync("madeAt 1800", () => PostClaim(new { sourceId, text = "t", madeAt = "1800-01-01" }), "madeAt");
        await check.FieldAsync("madeAt 1899-12-31", () => PostClaim(new { sourceId, text = "t", madeAt = "1899-12-31" }), "madeAt");
        await check.FieldAsync("madeAt next week", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-11-08" }), "madeAt");
        await check.FieldAsync("sourceId -1", () => PostClaim(new { sourceId = -1, text = "t", madeAt = "2026-10-01" }), "sourceId");
        await check.FieldAsync("sourceId 0", () => PostClaim(new { sourceId = 0, text = "t", madeAt = "2026-10-01" }), "sourceId");
        await check.FieldAsync("sourceId 999", () => PostClaim(new { sourceId = 999, text = "t", madeAt = "2026-10-01" }), "sourceId");
        await check.FieldAsync("repeatsClaimId -5", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-10-01", repeatsClaimId = -5 }), "repeatsClaimId");
        await check.FieldAsync("repeatsClaimId 999", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-10-01", repeatsClaimId = 999 }), "repeatsClaimId");
        await check.FieldAsync("statedConfidence 1.7", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-10-01", statedConfidence = 1.7 }), "statedConfidence");
        await check.FieldAsync("statedConfidence -0.1", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-10-01", statedConfidence = -0.1 }), "statedConfidence");
        await check.FieldAsync("confidencePhrase unknown", () => PostClaim(new { sourceId, text = "t", madeAt = "2026-10-01", confidencePhrase = "pretty sure" }), "confidencePhrase");
        // A claim can only repeat an earlier claim (the existing one was made on 2026-10-01).
        await check.FieldAsync("repeats a later claim", () => PostClaim(new { sourceId, text = "echo from before", madeAt = "2026-09-15", repeatsClaimId = claimId }), "repeatsClaimId");
        check.AssertNone();
    }

    [Fact]
    public async Task Unknown_route_ids_are_404_problems()
    {
        await using var app = new TestApp();
        var (client, _, _) = await SetUpAsync(app);
        var check = new Refusals(app);
        var verdict = new { outcome = "confirmed", evidenceUrl = "https://example.org/evidence", note = "n" };

        await check.StatusAsync("GET /api/claims/999", () => client.GetAsync("/api/claims/999"), HttpStatusCode.NotFound);
        await check.StatusAsync("POST /api/claims/999/verdicts", () => client.PostJsonAsync("/api/claims/999/verdicts", verdict), HttpStatusCode.NotFound);
        await check.StatusAsync("POST /api/claims/-1/verdicts", () => client.PostJsonAsync("/api/claims/-1/verdicts", verdict), HttpStatusCode.NotFound);
        await check.StatusAsync("PUT /api/sources/999", () => Raw(client, "PUT", "/api/sources/999", """{"name": "Ghost", "kind": "outlet"}"""), HttpStatusCode.NotFound);
        await check.StatusAsync("GET /api/sources/999/claims", () => client.GetAsync("/api/sources/999/claims"), HttpStatusCode.NotFound);
        await check.StatusAsync("GET /api/claims/abc", () => client.GetAsync("/api/claims/abc"), HttpStatusCode.NotFound);
        check.AssertNone();
    }

    [Fact]
    public async Task Known_confidence_phrase_is_stored_as_its_probability()
    {
        await using var app = new TestApp();
        var (client, sourceId, _) = await SetUpAsync(app);

        var response = await client.PostJsonAsync("/api/claims", new { sourceId, text = "Hedged", madeAt = "2026-10-02", confidencePhrase = "Very Likely " });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var claim = await response.ReadAsync<ClaimDto>();
        Assert.Equal(0.85, claim.StatedConfidence);
        Assert.Equal("very likely", claim.ConfidencePhrase);
        var stored = app.WithDb(db => db.Claims.Single(c => c.Id == claim.Id));
        Assert.Equal(0.85, stored.StatedConfidence);
        Assert.Equal("very likely", stored.ConfidencePhrase);
    }

    [Fact]
    public async Task Empty_bodies_name_every_missing_field()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        var check = new Refusals(app);

        await check.FieldAsync("POST /api/sources {}", () => Raw(client, "POST", "/api/sources", "{}"), "name", "kind");
        await check.FieldAsync("PUT /api/sources/{id} {}", () => Raw(client, "PUT", $"/api/sources/{sourceId}", "{}"), "name", "kind");
        await check.FieldAsync("POST /api/claims {}", () => Raw(client, "POST", "/api/claims", "{}"), "sourceId", "text", "madeAt");
        await check.FieldAsync("POST /api/claims/{id}/verdicts {}", () => Raw(client, "POST", $"/api/claims/{claimId}/verdicts", "{}"), "outcome");
        await check.FieldAsync("POST /api/auth/login {}", () => Raw(app.CreateClient(), "POST", "/api/auth/login", "{}"), "userName", "password");
        // Present but blank is still missing.
        await check.FieldAsync("blank name and text", () => Raw(client, "POST", "/api/claims", $$"""{"sourceId": {{sourceId}}, "text": "   ", "madeAt": "2026-10-01"}"""), "text");
        await check.FieldAsync("null kind", () => Raw(client, "POST", "/api/sources", """{"name": " ", "kind": null}"""), "name", "kind");
        check.AssertNone();
    }

    [Fact]
    public async Task Verdicts_need_grounds_and_safe_evidence_urls()
    {
        await using var app = new TestApp();
        var (client, _, claimId) = await SetUpAsync(app);
        var check = new Refusals(app);
        var url = $"/api/claims/{claimId}/verdicts";

        await check.FieldAsync("no evidence and no note", () => client.PostJsonAsync(url, new { outcome = "confirmed" }), "evidenceUrl");
        await check.FieldAsync("blank evidence and note", () => client.PostJsonAsync(url, new { outcome = "confirmed", evidenceUrl = " ", note = "  " }), "evidenceUrl");
        await check.FieldAsync("javascript: evidence", () => client.PostJsonAsync(url, new { outcome = "refuted", evidenceUrl = "javascript:alert(1)", note = "n" }), "evidenceUrl");
        await check.FieldAsync("relative evidence", () => client.PostJsonAsync(url, new { outcome = "refuted", evidenceUrl = "/local/path", note = "n" }), "evidenceUrl");
        await check.FieldAsync("javascript: in evidenceUrls", () => client.PostJsonAsync(url, new { outcome = "refuted", evidenceUrls = new[] { "https://example.org/ok", "javascript:alert(1)" } }), "evidenceUrls[1]");
        await check.FieldAsync("too many evidenceUrls", () => client.PostJsonAsync(url, new { outcome = "refuted", evidenceUrls = Enumerable.Range(1, 11).Select(i => $"https://example.org/{i}").ToArray() }), "evidenceUrls");
        check.AssertNone();
    }

    [Fact]
    public async Task Bad_source_and_claim_fields_are_400_naming_them()
    {
        await using var app = new TestApp();
        var (client, sourceId, _) = await SetUpAsync(app);
        var check = new Refusals(app);

        await check.FieldAsync("url not a url", () => client.PostJsonAsync("/api/sources", new { name = "Bad url", kind = "outlet", url = "not a url" }), "url");
        await check.FieldAsync("url javascript:", () => client.PostJsonAsync("/api/sources", new { name = "Bad url", kind = "outlet", url = "javascript:alert(1)" }), "url");
        await check.FieldAsync("url ftp:", () => client.PostJsonAsync("/api/sources", new { name = "Bad url", kind = "outlet", url = "ftp://example.org/x" }), "url");
        await check.FieldAsync("PUT url javascript:", () => Raw(client, "PUT", $"/api/sources/{sourceId}", """{"name": "Existing source", "kind": "outlet", "url": "javascript:alert(1)"}"""), "url");
        await check.FieldAsync("21 aliases", () => client.PostJsonAsync("/api/sources", new { name = "Many names", kind = "outlet", aliases = Enumerable.Range(1, 21).Select(i => $"alias {i}").ToArray() }), "aliases");
        await check.FieldAsync("null alias", () => Raw(client, "POST", "/api/sources", """{"name": "Null alias", "kind": "outlet", "aliases": [null]}"""), "aliases[0]");
        await check.FieldAsync("control characters in name", () => client.PostJsonAsync("/api/sources", new { name = "Bell\u0007", kind = "outlet" }), "name");
        await check.FieldAsync("claim url javascript:", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "t", madeAt = "2026-10-01", url = "javascript:alert(1)" }), "url");
        await check.FieldAsync("tag 'Bad Tag!'", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "t", madeAt = "2026-10-01", tags = new[] { "Bad Tag!" } }), "tags[0]");
        await check.FieldAsync("tag starting with '-'", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "t", madeAt = "2026-10-01", tags = new[] { "ok", "-dash" } }), "tags[1]");
        await check.FieldAsync("21 tags", () => client.PostJsonAsync("/api/claims", new { sourceId, text = "t", madeAt = "2026-10-01", tags = Enumerable.Range(1, 21).Select(i => $"tag{i}").ToArray() }), "tags");
        check.AssertNone();
    }

    [Fact]
    public async Task Bad_query_parameters_are_400_naming_them()
    {
        await using var app = new TestApp();
        var (client, sourceId, _) = await SetUpAsync(app);
        var check = new Refusals(app);

        await check.FieldAsync("?kind=planet", () => client.GetAsync("/api/sources?kind=planet"), "kind");
        await check.FieldAsync("?kind=3", () => client.GetAsync("/api/sources?kind=3"), "kind");
        await check.FieldAsync("?limit=0", () => client.GetAsync("/api/sources?limit=0"), "limit");
        await check.FieldAsync("?limit=100000", () => client.GetAsync("/api/sources?limit=100000"), "limit");
        await check.FieldAsync("?offset=-1", () => client.GetAsync("/api/sources?offset=-1"), "offset");
        await check.FieldAsync("claims of a source ?status=maybe", () => client.GetAsync($"/api/sources/{sourceId}/claims?status=maybe"), "status");
        await check.FieldAsync("history ?limit=0", () => client.GetAsync($"/api/sources/{sourceId}/history?limit=0"), "limit");
        await check.FieldAsync("claims ?status=maybe", () => client.GetAsync("/api/claims?status=maybe"), "status");
        await check.FieldAsync("claims ?limit=0", () => client.GetAsync("/api/claims?limit=0"), "limit");
        await check.FieldAsync("claims ?limit=100000", () => client.GetAsync("/api/claims?limit=100000"), "limit");
        await check.FieldAsync("audit ?limit=0", () => client.GetAsync("/api/audit?limit=0"), "limit");
        // Not even a number: still a 400 problem, never a 500.
        await check.StatusAsync("?limit=abc", () => client.GetAsync("/api/sources?limit=abc"), HttpStatusCode.BadRequest);
        await check.StatusAsync("?limit=99999999999", () => client.GetAsync("/api/claims?limit=99999999999"), HttpStatusCode.BadRequest);
        check.AssertNone();
    }

    [Fact]
    public async Task Malformed_bodies_never_cause_a_500()
    {
        await using var app = new TestApp();
        var (client, sourceId, claimId) = await SetUpAsync(app);
        // Each endpoint with a valid body (field → raw JSON value); every field in turn gets every absurd value below.
        var endpoints = new (string Method, string Url, Dictionary<string, string> Valid)[]
        {
            ("POST", "/api/sources", new() { ["name"] = "\"Fuzz\"", ["kind"] = "\"outlet\"", ["aliases"] = "[\"FZ\"]", ["url"] = "\"https://example.org\"", ["description"] = "\"d\"" }),
            ("PUT", $"/api/sources/{sourceId}", new() { ["name"] = "\"Existing source\"", ["kind"] = "\"outlet\"", ["aliases"] = "[\"ES\"]", ["url"] = "\"https://example.org\"", ["description"] = "\"d\"" }),
            ("POST", "/api/claims", new()
            {
                ["sourceId"] = $"{sourceId}", ["text"] = "\"t\"", ["madeAt"] = "\"2026-10-02\"", ["url"] = "\"https://example.org\"", ["citation"] = "\"c\"",
                ["statedConfidence"] = "0.5", ["confidencePhrase"] = "\"likely\"", ["repeatsClaimId"] = $"{claimId}", ["tags"] = "[\"a\"]",
            }),
            ("POST", $"/api/claims/{claimId}/verdicts", new() { ["outcome"] = "\"confirmed\"", ["evidenceUrl"] = "\"https://example.org/e\"", ["evidenceUrls"] = "[\"https://example.org/f\"]", ["note"] = "\"n\"" }),
            ("POST", "/api/auth/login", new() { ["userName"] = "\"nobody-at-all\"", ["password"] = "\"some password here\"", ["rememberMe"] = "false" }),
        };
        var absurdValues = new[]
        {
            "null", "{}", "[]", "[null]", "[{}]", "1e400", "-1", "0", "2147483648", "-2147483649", "1.5", "true", "\"\"", "\"   \"",
            "\"\\ud800\"", "\"a\\u0000b\"", "\"NaN\"", "\"Infinity\"", "\"9999-99-99\"", "\"0001-01-01\"", "\"javascript:alert(1)\"",
            "\"http://[::1\"", $"\"{new string('x', 5_000)}\"", new string('[', 100) + new string(']', 100),
        };
        static string Body(Dictionary<string, string> fields) => "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}";
        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        static HttpContent Bytes(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return content;
        }
        var structural = new (string Label, Func<HttpContent?> Content)[]
        {
            ("no body", () => null),
            ("empty body", () => Json("")),
            ("null", () => Json("null")),
            ("array", () => Json("[]")),
            ("number", () => Json("42")),
            ("string", () => Json("\"just a string\"")),
            ("lone brace", () => Json("}")),
            ("truncated", () => Json("{\"name\": ")),
            ("not json", () => Json("not json")),
            ("nested 10,000 deep", () => Json(new string('[', 10_000) + new string(']', 10_000))),
            ("objects nested 1,000 deep", () => Json(string.Concat(Enumerable.Repeat("{\"a\":", 1_000)) + "1" + new string('}', 1_000))),
            ("Infinity literal", () => Json("{\"statedConfidence\": Infinity}")),
            ("invalid UTF-8", () => Bytes([.. "{\"name\": \""u8, 0xFF, 0xFE, 0xC3, .. "\", \"kind\": \"outlet\"}"u8])),
            ("UTF-16 bytes", () => Bytes(Encoding.Unicode.GetBytes("{\"name\": \"x\", \"kind\": \"outlet\"}"))),
            ("duplicate keys", () => Json("{\"name\": \"a\", \"name\": {}, \"kind\": \"outlet\"}")),
            ("flags-style enums", () => Json("{\"name\": \"Flags\", \"kind\": \"outlet, channel, individual\", \"outcome\": \"confirmed, refuted\", \"note\": \"n\"}")),
            ("text/plain", () => new StringContent("{\"name\": \"Plain\", \"kind\": \"outlet\"}", Encoding.UTF8, "text/plain")),
            ("form", () => new FormUrlEncodedContent([new("name", "Form"), new("kind", "outlet")])),
            ("500 KB string", () => Json($"{{\"name\": \"{new string('p', 500_000)}\", \"userName\": \"x\", \"password\": \"{new string('p', 500_000)}\"}}")),
        };

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, url, valid) in endpoints)
        {
            var cases = structural.Select(s => (s.Label, s.Content)).ToList();
            foreach (var field in valid.Keys)
                foreach (var value in absurdValues)
                    cases.Add(($"{field}: {Shorten(value)[..Math.Min(40, value.Length)]}", () => Json(Body(new Dictionary<string, string>(valid) { [field] = value }))));
            foreach (var (label, content) in cases)
            {
                var response = await Raw(client, method, url, content());
                sent++;
                var status = (int)response.StatusCode;
                if (status >= 500)
                    failures.Add($"{method} {url} with {label}: {status} {Shorten(await response.Content.ReadAsStringAsync())}");
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != ProblemJson)
                    failures.Add($"{method} {url} with {label}: {status} without a problem body ('{response.Content.Headers.ContentType}')");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join('\n', failures));
        Assert.True(sent > 20 * endpoints.Length, $"only {sent} requests sent");
        // The fuzzing did not break the server for well-formed requests.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sources/{sourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/sources", new { name = "After the storm", kind = "outlet" })).StatusCode);
    }
}
