using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Claims;
using Reliability.Server.Cli;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Auth;

/// <summary>
/// Every write endpoint against every caller: anonymous → 401, too small a role → 403 (and nothing written),
/// enough → 2xx and an audit entry naming the caller.
/// </summary>
public sealed class RoleMatrixTests
{
    /// <summary>The callers of the matrix; null is anonymous.</summary>
    private static readonly Role?[] Callers = [null, Role.Viewer, Role.Member, Role.Moderator, Role.Admin];

    private const string SetupUser = "setup-admin";

    private static string UserName(Role? role) => role is { } r ? $"{r.ToString().ToLowerInvariant()}-user" : "anonymous";

    /// <summary>Everything a rejected request must leave alone: row counts and the content of every source.</summary>
    private static string Snapshot(TestApp app) => app.WithDb(db =>
        $"sources={db.Sources.Count()} claims={db.Claims.Count()} verdicts={db.Verdicts.Count()} " +
        $"scores={db.ScoreVersions.Count()} audit={db.AuditEntries.Count()} users={db.Users.Count()} | " +
        string.Join(" | ", db.Sources.OrderBy(s => s.Id).AsEnumerable()
            .Select(s => $"{s.Id}:{s.Name}:{s.Kind}:{string.Join(',', s.Aliases)}:{s.Url}:{s.Description}")));

    /// <summary>Background recomputes of earlier writes land first, so a snapshot sees only what the next request does.</summary>
    private static async Task<string> SettledSnapshotAsync(TestApp app)
    {
        await app.WaitForRecomputeAsync();
        return Snapshot(app);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, object? body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = body is null ? null : JsonContent.Create(body, options: TestApp.JsonOptions),
        });

    private static async Task<int> CreateSourceAsync(HttpClient client, string name)
    {
        var response = await client.PostJsonAsync("/api/sources", new { name, kind = "outlet" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<SourceDto>()).Id;
    }

    private static async Task<int> CreateClaimAsync(HttpClient client, int sourceId)
    {
        var response = await client.PostJsonAsync("/api/claims", new { sourceId, text = "A claim to judge", madeAt = "2026-10-01" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<ClaimDto>()).Id;
    }

    private static async Task<List<AuditEntryDto>> AuditAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/audit?limit=1000");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<List<AuditEntryDto>>();
    }

    [Theory]
    [InlineData("POST", "/api/sources", Role.Member, HttpStatusCode.Created, "source.create")]
    [InlineData("PUT", "/api/sources/{source}", Role.Member, HttpStatusCode.OK, "source.update")]
    [InlineData("POST", "/api/claims", Role.Member, HttpStatusCode.Created, "claim.create")]
    [InlineData("POST", "/api/claims/{claim}/verdicts", Role.Moderator, HttpStatusCode.Created, "verdict.record")]
    [InlineData("GET", "/api/audit", Role.Admin, HttpStatusCode.OK, null)]
    public async Task Endpoint_answers_401_anonymously_403_below_its_role_and_succeeds_at_or_above_it(
        string method, string route, Role minimum, HttpStatusCode success, string? auditAction)
    {
        await using var app = new TestApp();
        var setup = await app.ClientAsAsync(Role.Admin, SetupUser);
        var sourceId = await CreateSourceAsync(setup, "Matrix source");
        var claimId = await CreateClaimAsync(setup, sourceId);
        var clients = new Dictionary<string, HttpClient> { [UserName(null)] = app.CreateClient() };
        foreach (var role in Enum.GetValues<Role>()) clients[UserName(role)] = await app.ClientAsAsync(role, UserName(role));
        var url = route.Replace("{source}", sourceId.ToString(), StringComparison.Ordinal).Replace("{claim}", claimId.ToString(), StringComparison.Ordinal);

        object? Body(string who) => route switch
        {
            "/api/sources" => new { name = $"Source from {who}", kind = "outlet" },
            "/api/sources/{source}" => new { name = $"Renamed by {who}", kind = "government", aliases = new[] { $"alias of {who}" } },
            "/api/claims" => new { sourceId, text = $"Claim recorded by {who}", madeAt = "2026-10-01" },
            "/api/claims/{claim}/verdicts" => new { outcome = "confirmed", evidenceUrl = "https://example.org/evidence", note = $"Verdict by {who}" },
            _ => null,
        };

        var mismatches = new List<string>();
        foreach (var caller in Callers)
        {
            var who = UserName(caller);
            var before = await SettledSnapshotAsync(app);
            var response = await SendAsync(clients[who], method, url, Body(who));
            var text = await response.Content.ReadAsStringAsync();
            var expected = caller is null ? HttpStatusCode.Unauthorized : caller < minimum ? HttpStatusCode.Forbidden : success;
            if (response.StatusCode != expected)
                mismatches.Add($"{method} {route} as {who}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
            if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var after = Snapshot(app);
                if (after != before) mismatches.Add($"{method} {route} as {who} was refused but changed the database:\n  before {before}\n  after  {after}");
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    mismatches.Add($"{method} {route} as {who}: a {(int)response.StatusCode} should be a problem+json, got '{response.Content.Headers.ContentType}'");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));

        if (auditAction is null) return;
        var audit = await AuditAsync(setup);
        foreach (var caller in Callers)
        {
            var who = UserName(caller);
            if (caller >= minimum)
                Assert.True(audit.Count(e => e.Actor == who && e.Action == auditAction) == 1, $"expected one '{auditAction}' by {who} in the audit log");
            else
                Assert.DoesNotContain(audit, e => e.Actor == who);
        }
    }

    [Fact]
    public async Task Revoked_token_is_401_and_writes_nothing()
    {
        await using var app = new TestApp();
        var client = app.ClientWithToken(await app.TokenForAsync(Role.Member, "revokee"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/sources", new { name = "Before revoke", kind = "outlet" })).StatusCode);

        var (code, _, error) = await app.CliAsync("users revoke revokee");
        Assert.True(code == 0, error);
        var before = await SettledSnapshotAsync(app);

        var write = await client.PostJsonAsync("/api/sources", new { name = "After revoke", kind = "outlet" });
        var me = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(before, Snapshot(app));
    }

    [Fact]
    public async Task Garbage_bearer_tokens_are_401_and_write_nothing()
    {
        await using var app = new TestApp();
        var real = await app.TokenForAsync(Role.Admin, "real-admin");
        var tampered = real[..^1] + (real[^1] == 'A' ? 'B' : 'A');
        var headers = new[]
        {
            "Bearer rel_thisIsNotARealTokenAtAll",
            "Bearer garbage",
            $"Bearer {tampered}",
            // The stored hash must not work as a credential itself.
            $"Bearer {ApiTokens.Hash(real)}",
            $"Bearer {real}{real}",
            "Bearer",
            "Bearer ",
            $"Basic {Convert.ToBase64String("real-admin:secret"u8.ToArray())}",
            real,
        };
        var before = await SettledSnapshotAsync(app);

        var failures = new List<string>();
        foreach (var header in headers)
        {
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
            var write = await client.PostJsonAsync("/api/sources", new { name = "Forged", kind = "outlet" });
            var audit = await client.GetAsync("/api/audit");
            var me = await client.GetAsync("/api/auth/me");
            foreach (var (what, response) in new[] { ("POST /api/sources", write), ("GET /api/audit", audit), ("GET /api/auth/me", me) })
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    failures.Add($"'Authorization: {header}' {what}: expected 401, got {(int)response.StatusCode}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, Snapshot(app));
        // The real token still works, so the 401s above were about the tokens, not a broken scheme.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(real).GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task RequireSignInToRead_makes_reads_401_anonymously_and_200_for_a_viewer()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reliability:RequireSignInToRead"] = "true" });
        var viewer = await app.ClientAsAsync(Role.Viewer);
        var sourceId = await CreateSourceAsync(await app.ClientAsAsync(Role.Member), "Closed source");
        var anonymous = app.CreateClient();
        using var forged = app.CreateClient();
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer rel_forged");

        foreach (var url in new[] { "/api/sources", $"/api/sources/{sourceId}", $"/api/sources/{sourceId}/claims", $"/api/sources/{sourceId}/history", "/api/claims" })
        {
            Assert.True((await anonymous.GetAsync(url)).StatusCode == HttpStatusCode.Unauthorized, $"anonymous GET {url}");
            Assert.True((await forged.GetAsync(url)).StatusCode == HttpStatusCode.Unauthorized, $"forged-token GET {url}");
            Assert.True((await viewer.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"viewer GET {url}");
        }
        var listed = await (await viewer.GetAsync("/api/sources")).ReadAsync<List<SourceDto>>();
        Assert.Equal("Closed source", Assert.Single(listed).Name);
    }

    [Fact]
    public async Task By_default_reads_are_open_anonymously()
    {
        await using var app = new TestApp();
        var sourceId = await CreateSourceAsync(await app.ClientAsAsync(Role.Member), "Open source");
        var anonymous = app.CreateClient();

        foreach (var url in new[] { "/api/sources", $"/api/sources/{sourceId}", $"/api/sources/{sourceId}/claims", $"/api/sources/{sourceId}/history", "/api/claims" })
            Assert.True((await anonymous.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"anonymous GET {url}");
        Assert.Equal("Open source", Assert.Single(await (await anonymous.GetAsync("/api/sources")).ReadAsync<List<SourceDto>>()).Name);
        // Open reads do not open the audit log.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Every_accepted_write_is_audited_with_actor_action_and_before_after()
    {
        await using var app = new TestApp();
        var member = await app.ClientAsAsync(Role.Member, "mia");
        var moderator = await app.ClientAsAsync(Role.Moderator, "moe");
        var admin = await app.ClientAsAsync(Role.Admin, "ada");

        var sourceId = await CreateSourceAsync(member, "Original name");
        var update = await member.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/sources/{sourceId}")
        {
            Content = JsonContent.Create(new { name = "New name", kind = "government", aliases = new[] { "NN" }, url = "https://example.org/new" }, options: TestApp.JsonOptions),
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var claimId = await CreateClaimAsync(member, sourceId);
        var verdict = await moderator.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome = "refuted", evidenceUrl = "https://example.org/proof", note = "Shown wrong" });
        Assert.Equal(HttpStatusCode.Created, verdict.StatusCode);
        var verdictId = (await verdict.ReadAsync<VerdictRecorded>()).Verdict.Id;

        var writes = (await AuditAsync(admin)).Where(e => e.Actor != AdminCli.Actor).ToList();

        // Newest first.
        Assert.Equal(["verdict.record", "claim.create", "source.update", "source.create"], writes.Select(e => e.Action));
        Assert.Equal(["moe", "mia", "mia", "mia"], writes.Select(e => e.Actor));
        // Times come from the app's clock (the test clock), in UTC, in order.
        Assert.All(writes, e => Assert.InRange(e.At, TestApp.Start, app.Time.GetUtcNow()));
        Assert.All(writes, e => Assert.Equal(TimeSpan.Zero, e.At.Offset));
        Assert.Equal(writes.Select(e => e.At).OrderDescending(), writes.Select(e => e.At));

        var created = writes[3];
        Assert.Equal(("Source", sourceId.ToString()), (created.EntityType, created.EntityId));
        Assert.Null(created.Before);
        Assert.Equal("Original name", ParseJson(created.After).GetProperty("name").GetString());

        var updated = writes[2];
        Assert.Equal(("Source", sourceId.ToString()), (updated.EntityType, updated.EntityId));
        var before = ParseJson(updated.Before);
        var after = ParseJson(updated.After);
        Assert.Equal("Original name", before.GetProperty("name").GetString());
        Assert.Equal("outlet", before.GetProperty("kind").GetString());
        Assert.Equal("New name", after.GetProperty("name").GetString());
        Assert.Equal("government", after.GetProperty("kind").GetString());
        Assert.Equal("https://example.org/new", after.GetProperty("url").GetString());
        Assert.Equal("NN", after.GetProperty("aliases")[0].GetString());

        var claim = writes[1];
        Assert.Equal(("Claim", claimId.ToString()), (claim.EntityType, claim.EntityId));
        Assert.Null(claim.Before);
        Assert.Equal("A claim to judge", ParseJson(claim.After).GetProperty("text").GetString());
        Assert.Equal(sourceId, ParseJson(claim.After).GetProperty("sourceId").GetInt32());

        var recorded = writes[0];
        Assert.Equal(("Verdict", verdictId.ToString()), (recorded.EntityType, recorded.EntityId));
        Assert.Null(recorded.Before);
        var verdictJson = ParseJson(recorded.After);
        Assert.Equal("refuted", verdictJson.GetProperty("outcome").GetString());
        Assert.Equal("moe", verdictJson.GetProperty("recordedBy").GetString());
        Assert.Equal(claimId, verdictJson.GetProperty("claimId").GetInt32());
    }

    private static JsonElement ParseJson(string? text)
    {
        Assert.NotNull(text);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
