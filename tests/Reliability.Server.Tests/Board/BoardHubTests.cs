using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Board;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Board;

public sealed class BoardHubTests
{
    private static async Task<(TestApp App, Uri Server, HttpClient Moderator)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var app = new TestApp(settings: settings);
        var server = app.StartKestrel();
        var moderator = await app.ClientAsAsync(Role.Moderator);
        return (app, server, moderator);
    }

    private static async Task<int> CreateSourceAsync(HttpClient client, string name)
    {
        using var response = await client.PostJsonAsync("/api/sources", new { name, kind = "outlet" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<SourceDto>()).Id;
    }

    private static async Task<int> CreateClaimAsync(HttpClient client, int sourceId, string text, int? repeats = null)
    {
        using var response = await client.PostJsonAsync("/api/claims", new { sourceId, text, madeAt = "2026-03-01", repeatsClaimId = repeats, statedConfidence = 0.9 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<ClaimDto>()).Id;
    }

    private static async Task<int> RecordVerdictAsync(HttpClient client, int claimId, string outcome)
    {
        using var response = await client.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome, evidenceUrl = "https://example.org/evidence" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<VerdictRecorded>()).Verdict.Id;
    }

    private static async Task<BoardSnapshot> SnapshotAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/board");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<BoardSnapshot>();
    }

    [Fact]
    public async Task Recorded_verdict_reaches_a_connected_client_with_the_new_score_and_then_the_verdict()
    {
        var (app, server, moderator) = await StartAsync();
        await using var _ = app;
        var origin = await CreateSourceAsync(moderator, "Origin outlet");
        var echo = await CreateSourceAsync(moderator, "Echo channel");
        var claim = await CreateClaimAsync(moderator, origin, "A depot was struck on Monday.");
        await CreateClaimAsync(moderator, echo, "Repeats the depot story.", repeats: claim);
        await app.WaitForRecomputeAsync();

        await using var listener = await BoardListener.ConnectAsync(server);
        var snapshot = await SnapshotAsync(moderator);
        Assert.Empty((await listener.ResumeAsync(snapshot.Sequence)).Changes);

        var verdictId = await RecordVerdictAsync(moderator, claim, "refuted");
        var verdict = await listener.WaitForAsync(e => e.Kind == BoardChangeKind.VerdictRecorded);
        var received = listener.Received;

        // Both the origin's source and the echoing source moved, before the verdict event, each exactly once.
        var scores = received.Where(e => e.Kind == BoardChangeKind.ScoreChanged).ToList();
        Assert.Equal(new[] { echo, origin }.Order(), scores.Select(e => e.SourceId).Order());
        Assert.All(scores, e => Assert.True(e.Sequence < verdict.Sequence));
        Assert.All(scores, e => Assert.Equal([verdictId], e.CauseVerdictIds));
        Assert.Equal("verdict", scores[0].Cause);
        Assert.True(received.Zip(received.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1), "sequences must grow by one");
        Assert.True(received[0].Sequence > snapshot.Sequence);

        // The pushed score is the stored one.
        var stored = await (await moderator.GetAsync($"/api/sources/{origin}")).ReadAsync<SourceDto>();
        var pushed = scores.Single(e => e.SourceId == origin).Source!;
        Assert.Equal(stored.Score, pushed.Score);
        Assert.True(scores.Single(e => e.SourceId == origin).Delta < 0);

        Assert.Equal(verdictId, verdict.Verdict!.Verdict.Id);
        Assert.Equal(claim, verdict.Verdict.ClaimId);
        Assert.Equal("Origin outlet", verdict.Verdict.SourceName);
        Assert.Equal(ClaimStatus.Refuted, verdict.Verdict.Status);
    }

    [Fact]
    public async Task Snapshot_gives_each_source_its_trend_the_latest_verdicts_newest_first_and_the_sequence_to_resume_from()
    {
        var (app, server, moderator) = await StartAsync();
        await using var _ = app;
        var source = await CreateSourceAsync(moderator, "Ministry of Information");
        var claims = new List<int>();
        for (var i = 0; i < 3; i++) claims.Add(await CreateClaimAsync(moderator, source, $"Statement {i}"));
        foreach (var claim in claims) await RecordVerdictAsync(moderator, claim, "confirmed");
        await app.WaitForRecomputeAsync();

        var snapshot = await SnapshotAsync(moderator);
        var row = Assert.Single(snapshot.Sources);
        var history = await (await moderator.GetAsync($"/api/sources/{source}/history")).ReadAsync<List<Reliability.Server.Scoring.ScoreHistoryEntry>>();
        Assert.Equal(history.OrderBy(h => h.Version).Select(h => h.Score.Reliability).TakeLast(BoardApi.TrendLength), row.Trend);
        Assert.Equal(history.Max(h => h.Version), row.Score!.Version);
        Assert.Equal(claims.AsEnumerable().Reverse(), snapshot.Verdicts.Select(v => v.ClaimId));
        Assert.All(snapshot.Verdicts, v => Assert.Equal(ClaimStatus.Confirmed, v.Status));
        Assert.Equal(app.WithDb(db => db.BoardChanges.Max(c => c.Sequence)), snapshot.Sequence);
        Assert.Equal(0, snapshot.ParkedRecomputes);

        await using var listener = await BoardListener.ConnectAsync(server);
        var resumed = await listener.ResumeAsync(snapshot.Sequence);
        Assert.False(resumed.Reset);
        Assert.Empty(resumed.Changes);
    }

    [Fact]
    public async Task Client_that_was_away_resumes_every_missed_change_in_order_exactly_once()
    {
        var (app, server, moderator) = await StartAsync();
        await using var _ = app;
        var source = await CreateSourceAsync(moderator, "Regional daily");
        var claims = new List<int>();
        for (var i = 0; i < 4; i++) claims.Add(await CreateClaimAsync(moderator, source, $"Report {i}"));
        await app.WaitForRecomputeAsync();

        long last;
        await using (var first = await BoardListener.ConnectAsync(server))
        {
            await RecordVerdictAsync(moderator, claims[0], "confirmed");
            last = (await first.WaitForAsync(e => e.Kind == BoardChangeKind.VerdictRecorded)).Sequence;
        }

        // Away: three verdicts land.
        var missed = new List<int>();
        foreach (var claim in claims.Skip(1)) missed.Add(await RecordVerdictAsync(moderator, claim, "refuted"));
        await app.WaitForRecomputeAsync();
        await WaitForPublishedAsync(app);

        await using var back = await BoardListener.ConnectAsync(server);
        var resumed = await back.ResumeAsync(last);
        Assert.False(resumed.Reset);
        Assert.Equal(Enumerable.Range(1, resumed.Changes.Count).Select(i => last + i), resumed.Changes.Select(c => c.Sequence));
        Assert.Equal(missed, resumed.Changes.Where(c => c.Kind == BoardChangeKind.VerdictRecorded).Select(c => c.Verdict!.Verdict.Id));
        Assert.Equal(resumed.Sequence, resumed.Changes[^1].Sequence);
        // The last resumed score is the stored score.
        var stored = await (await moderator.GetAsync($"/api/sources/{source}")).ReadAsync<SourceDto>();
        Assert.Equal(stored.Score, resumed.Changes.Last(c => c.Kind == BoardChangeKind.ScoreChanged).Source!.Score);

        // Resuming again from the end gives nothing twice; the next live change follows on.
        Assert.Empty((await back.ResumeAsync(resumed.Sequence)).Changes);
        await CreateClaimAsync(moderator, source, "A fresh report");
        var next = await back.WaitForAsync(e => e.Kind == BoardChangeKind.ScoreChanged);
        Assert.Equal(resumed.Sequence + 1, next.Sequence);
    }

    private static async Task WaitForPublishedAsync(TestApp app)
    {
        var publisher = app.Services.GetRequiredService<BoardPublisher>();
        var newest = app.WithDb(db => db.BoardChanges.Max(c => (long?)c.Sequence) ?? 0);
        for (var i = 0; i < 500 && publisher.Watermark < newest; i++) await Task.Delay(20);
        Assert.Equal(newest, publisher.Watermark);
    }

    [Fact]
    public async Task Client_behind_the_retained_feed_is_told_to_reload()
    {
        var (app, server, moderator) = await StartAsync();
        await using var _ = app;
        var source = await CreateSourceAsync(moderator, "Wire service");
        var claim = await CreateClaimAsync(moderator, source, "Casualty figure");
        await RecordVerdictAsync(moderator, claim, "confirmed");
        await app.WaitForRecomputeAsync();
        await WaitForPublishedAsync(app);

        // Prune everything but the newest entry, as retention would.
        var newest = app.WithDb(db => db.BoardChanges.Max(c => c.Sequence));
        app.WithDb(db => db.BoardChanges.Where(c => c.Sequence < newest).ExecuteDelete());

        await using var listener = await BoardListener.ConnectAsync(server);
        var resumed = await listener.ResumeAsync(0);
        Assert.True(resumed.Reset);
        Assert.Empty(resumed.Changes);
        Assert.Equal(newest, resumed.Sequence);
        Assert.False((await listener.ResumeAsync(newest - 1)).Reset);
    }

    [Fact]
    public async Task Renaming_a_source_is_pushed_as_SourceChanged()
    {
        var (app, server, moderator) = await StartAsync();
        await using var _ = app;
        var source = await CreateSourceAsync(moderator, "Old name");
        await app.WaitForRecomputeAsync();
        await using var listener = await BoardListener.ConnectAsync(server);

        using var response = await moderator.PutAsync($"/api/sources/{source}",
            System.Net.Http.Json.JsonContent.Create(new { name = "New name", kind = "channel", aliases = new[] { "NN" } }, options: TestApp.JsonOptions));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = await listener.WaitForAsync(e => e.Kind == BoardChangeKind.SourceChanged);
        Assert.Equal("New name", changed.Source!.Name);
        Assert.Equal(SourceKind.Channel, changed.Source.Kind);
        Assert.Equal(["NN"], changed.Source.Aliases);
        Assert.NotNull(changed.Source.Score);
    }

    [Fact]
    public async Task Resume_rejects_a_negative_sequence()
    {
        var (app, server, _) = await StartAsync();
        await using var __ = app;
        await using var listener = await BoardListener.ConnectAsync(server);
        var error = await Assert.ThrowsAsync<HubException>(() => listener.ResumeAsync(-1));
        Assert.Contains("lastSequence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cross_origin_connections_are_refused_unless_the_origin_is_configured()
    {
        var (app, server, _) = await StartAsync(new Dictionary<string, string?> { ["Board:AllowedOrigins:0"] = "https://board.example.org" });
        await using var __ = app;

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, "https://evil.example"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, "https://board.example.org"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, server.GetLeftPart(UriPartial.Authority)));

        // The negotiate step (used by browsers before upgrading) is refused the same way, and CORS names only the listed origin.
        using var client = new HttpClient { BaseAddress = server };
        using var evil = new HttpRequestMessage(HttpMethod.Post, "/hubs/board/negotiate?negotiateVersion=1") { Headers = { { "Origin", "https://evil.example" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(evil)).StatusCode);
        using var listed = new HttpRequestMessage(HttpMethod.Post, "/hubs/board/negotiate?negotiateVersion=1") { Headers = { { "Origin", "https://board.example.org" } } };
        using var ok = await client.SendAsync(listed);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("https://board.example.org", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // A hub client presenting a foreign Origin cannot connect at all.
        await using var foreign = BoardListener.Build(server, origin: "https://evil.example");
        await Assert.ThrowsAnyAsync<Exception>(() => foreign.StartAsync());
    }

    private static async Task<HttpStatusCode> UpgradeStatusAsync(Uri server, string origin)
    {
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(server, BoardHub.Path)) { Scheme = "ws" }.Uri;
        try { await socket.ConnectAsync(uri, CancellationToken.None); }
        catch (WebSocketException) { }
        return socket.HttpStatusCode;
    }

    [Fact]
    public async Task Hub_needs_sign_in_exactly_when_reads_do()
    {
        var (app, server, _) = await StartAsync(new Dictionary<string, string?> { ["Reliability:RequireSignInToRead"] = "true" });
        await using var __ = app;

        await using var anonymous = BoardListener.Build(server);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        await using var viewer = await BoardListener.ConnectAsync(server, await app.TokenForAsync(Role.Viewer));
        Assert.False((await viewer.ResumeAsync(0)).Reset);

        await using var wrongToken = BoardListener.Build(server, token: "rel_not-a-real-token");
        await Assert.ThrowsAnyAsync<Exception>(() => wrongToken.StartAsync());
    }
}
