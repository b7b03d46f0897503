using System.Net;
using System.Net.Http.Json;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Claims;

public sealed class VerdictTests
{
    private static async Task<int> CreateSourceAsync(HttpClient client, string name)
    {
        var response = await client.PostJsonAsync("/api/sources", new { name, kind = "outlet" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<SourceDto>()).Id;
    }

    private static async Task<ClaimDto> CreateClaimAsync(HttpClient client, int sourceId, string madeAt = "2026-10-01", int? repeats = null, double? confidence = null)
    {
        var response = await client.PostJsonAsync("/api/claims",
            new { sourceId, text = $"Claim made on {madeAt}", madeAt, repeatsClaimId = repeats, statedConfidence = confidence });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ClaimDto>();
    }

    private static Task<HttpResponseMessage> VerdictAsync(HttpClient client, int claimId, string outcome, string? ifMatch = null)
    {
        // Scores follow in the background; the tests read them after TestApp.WaitForRecomputeAsync.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/claims/{claimId}/verdicts")
        {
            Content = JsonContent.Create(new { outcome, evidenceUrl = "https://example.org/evidence", note = "grounds" }, options: TestApp.JsonOptions),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static async Task<SourceDto> SourceAsync(TestApp app, HttpClient client, int id)
    {
        await app.WaitForRecomputeAsync();
        return await (await client.GetAsync($"/api/sources/{id}")).ReadAsync<SourceDto>();
    }

    private static async Task<List<ScoreHistoryEntry>> HistoryAsync(TestApp app, HttpClient client, int id)
    {
        await app.WaitForRecomputeAsync();
        return await (await client.GetAsync($"/api/sources/{id}/history")).ReadAsync<List<ScoreHistoryEntry>>();
    }

    [Fact]
    public async Task Refuting_a_claim_lowers_the_score_and_history_names_the_verdict()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Scoring:HalfLifeDays"] = "0" });
        var client = await app.ClientAsAsync(Role.Moderator);
        var source = await CreateSourceAsync(client, "Wire");
        var claim = await CreateClaimAsync(client, source);

        var response = await VerdictAsync(client, claim.Id, "refuted");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var recorded = await response.ReadAsync<VerdictRecorded>();
        Assert.Equal(ClaimStatus.Refuted, recorded.Claim.Status);
        // Decay off: (r + 1) / (r + s + 2) = 1 / 3.
        Assert.Equal(1.0 / 3, (await SourceAsync(app, client, source)).Score!.Reliability, 10);
        var history = await HistoryAsync(app, client, source);
        var latest = history[0];
        Assert.Equal("verdict", latest.Cause);
        Assert.Equal([recorded.Verdict.Id], latest.CauseVerdictIds);
        Assert.Equal(1.0 / 3 - 0.5, latest.Delta, 10);
        Assert.Equal(1, latest.Score.Refuted);
    }

    [Fact]
    public async Task A_later_verdict_supersedes_and_the_history_stays_visible()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var claim = await CreateClaimAsync(client, await CreateSourceAsync(client, "Wire"));

        await VerdictAsync(client, claim.Id, "unverifiable");
        await VerdictAsync(client, claim.Id, "partly-true");

        var fetched = await (await client.GetAsync($"/api/claims/{claim.Id}")).ReadAsync<ClaimDto>();
        Assert.Equal(ClaimStatus.PartlyTrue, fetched.Status);
        Assert.Equal([VerdictOutcome.Unverifiable, VerdictOutcome.PartlyTrue], fetched.Verdicts!.Select(v => v.Outcome));
        Assert.Equal(2, fetched.VerdictCount);
    }

    [Fact]
    public async Task Echo_without_its_own_verdict_loses_with_its_refuted_origin()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Scoring:HalfLifeDays"] = "0" });
        var client = await app.ClientAsAsync(Role.Moderator);
        var origin = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), "2026-09-01");
        var echoSource = await CreateSourceAsync(client, "Echo chamber");
        var echo = await CreateClaimAsync(client, echoSource, "2026-09-02", repeats: origin.Id);
        var echoOfEcho = await CreateClaimAsync(client, await CreateSourceAsync(client, "Echo of echo"), "2026-09-03", repeats: echo.Id);

        var recorded = await (await VerdictAsync(client, origin.Id, "refuted")).ReadAsync<VerdictRecorded>();

        Assert.Equal(3, recorded.RecomputeQueuedFor.Count);
        var echoed = await (await client.GetAsync($"/api/claims/{echoOfEcho.Id}")).ReadAsync<ClaimDto>();
        Assert.Equal(ClaimStatus.Refuted, echoed.Status);
        Assert.Equal(origin.Id, echoed.ResolvedByClaimId);
        Assert.Equal(1.0 / 3, (await SourceAsync(app, client, echoSource)).Score!.Reliability, 10);
        var history = await HistoryAsync(app, client, echoSource);
        Assert.Equal([recorded.Verdict.Id], history[0].CauseVerdictIds);
    }

    [Fact]
    public async Task Echo_with_its_own_verdict_keeps_it_when_the_origin_is_refuted()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Scoring:HalfLifeDays"] = "0" });
        var client = await app.ClientAsAsync(Role.Moderator);
        var origin = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), "2026-09-01");
        var echoSource = await CreateSourceAsync(client, "Careful echo");
        var echo = await CreateClaimAsync(client, echoSource, "2026-09-02", repeats: origin.Id);
        await VerdictAsync(client, echo.Id, "confirmed");
        var before = await SourceAsync(app, client, echoSource);

        var recorded = await (await VerdictAsync(client, origin.Id, "refuted")).ReadAsync<VerdictRecorded>();

        Assert.Contains(echoSource, recorded.RecomputeQueuedFor);
        Assert.Equal(before.Score!.Version, (await SourceAsync(app, client, echoSource)).Score!.Version);
        Assert.Equal(2.0 / 3, before.Score.Reliability, 10);
    }

    [Fact]
    public async Task Stale_If_Match_answers_409_and_records_nothing()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var claim = await CreateClaimAsync(client, await CreateSourceAsync(client, "Wire"));
        var read = await client.GetAsync($"/api/claims/{claim.Id}");
        var seen = read.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.Created, (await VerdictAsync(client, claim.Id, "confirmed", seen)).StatusCode);

        var stale = await VerdictAsync(client, claim.Id, "refuted", seen);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("moved on", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, app.WithDb(db => db.Verdicts.Count()));
        var fresh = (await client.GetAsync($"/api/claims/{claim.Id}")).Headers.ETag!.ToString();
        Assert.NotEqual(seen, fresh);
        Assert.Equal(HttpStatusCode.Created, (await VerdictAsync(client, claim.Id, "refuted", fresh)).StatusCode);
    }

    [Fact]
    public async Task Two_moderators_racing_on_one_version_get_one_201_and_one_409()
    {
        await using var app = new TestApp();
        var alice = await app.ClientAsAsync(Role.Moderator, "alice");
        var bob = await app.ClientAsAsync(Role.Moderator, "bob");
        var claim = await CreateClaimAsync(alice, await CreateSourceAsync(alice, "Wire"));
        var etag = (await alice.GetAsync($"/api/claims/{claim.Id}")).Headers.ETag!.ToString();

        var results = await Task.WhenAll(VerdictAsync(alice, claim.Id, "confirmed", etag), VerdictAsync(bob, claim.Id, "refuted", etag));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        Assert.Equal(1, app.WithDb(db => db.Verdicts.Count()));
    }

    [Fact]
    public async Task Claim_repeating_its_origin_after_a_verdict_resolves_at_once()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Scoring:HalfLifeDays"] = "0" });
        var client = await app.ClientAsAsync(Role.Moderator);
        var origin = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), "2026-09-01");
        await VerdictAsync(client, origin.Id, "confirmed");
        var echoSource = await CreateSourceAsync(client, "Late echo");

        var echo = await CreateClaimAsync(client, echoSource, "2026-10-01", repeats: origin.Id);

        Assert.Equal(ClaimStatus.Confirmed, echo.Status);
        Assert.Equal(2.0 / 3, (await SourceAsync(app, client, echoSource)).Score!.Reliability, 10);
    }

    [Fact]
    public async Task Claims_of_a_source_filter_by_status()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var source = await CreateSourceAsync(client, "Wire");
        var first = await CreateClaimAsync(client, source, "2026-09-01");
        await CreateClaimAsync(client, source, "2026-09-02");
        await VerdictAsync(client, first.Id, "refuted");

        var refuted = await (await client.GetAsync($"/api/sources/{source}/claims?status=refuted")).ReadAsync<List<ClaimDto>>();
        var open = await (await client.GetAsync($"/api/sources/{source}/claims?status=open")).ReadAsync<List<ClaimDto>>();
        var all = await (await client.GetAsync($"/api/sources/{source}/claims")).ReadAsync<List<ClaimDto>>();

        Assert.Equal(first.Id, Assert.Single(refuted).Id);
        Assert.Single(open);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task Stated_confidence_feeds_calibration_and_flags_overconfidence()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var source = await CreateSourceAsync(client, "Certain ministry");
        for (var i = 1; i <= 3; i++)
        {
            var claim = await CreateClaimAsync(client, source, $"2026-09-0{i}", confidence: 0.95);
            await VerdictAsync(client, claim.Id, "refuted");
        }

        var score = (await SourceAsync(app, client, source)).Score!;

        Assert.Equal(0.95 * 0.95, score.Brier!.Value, 10);
        Assert.True(score.Overconfident);
        Assert.Equal(3, score.CalibratedClaims);
    }
}
