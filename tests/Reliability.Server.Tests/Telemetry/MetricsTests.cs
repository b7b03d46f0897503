using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Jobs;
using Reliability.Server.Sources;
using Reliability.Server.Telemetry;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Telemetry;

/// <summary>Meter "Reliability" observed with a MeterListener on the real server, each test on its own database.</summary>
public sealed class MetricsTests
{
    /// <summary>No scheduler: the test drains the queue itself, so it controls how long a request waits.</summary>
    private static TestApp ManualApp() => new(settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

    private static MetricRecorder Record(TestApp app) => new(app.Services.GetRequiredService<IMeterFactory>(), ReliabilityMetrics.MeterName);

    private static async Task<int> ClaimAsync(HttpClient client)
    {
        var source = await (await client.PostJsonAsync("/api/sources", new { name = $"Metered wire {Guid.NewGuid():N}", kind = "outlet" })).ReadAsync<SourceDto>();
        var claim = await client.PostJsonAsync("/api/claims", new { sourceId = source.Id, text = "A bridge was closed.", madeAt = "2026-10-01" });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        return (await claim.ReadAsync<ClaimDto>()).Id;
    }

    private static async Task<DrainResult> DrainAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecomputeDrainer>().DrainAsync("test", CancellationToken.None);
    }

    [Fact]
    public async Task Recompute_lag_is_the_time_from_the_verdicts_request_to_its_stored_score()
    {
        await using var app = ManualApp();
        using var metrics = Record(app);
        var moderator = await app.ClientAsAsync(Role.Moderator);
        var claim = await ClaimAsync(moderator);
        await DrainAsync(app);

        var verdict = await moderator.PostJsonAsync($"/api/claims/{claim}/verdicts", new { outcome = "refuted", note = "the bridge stayed open" });
        Assert.Equal(HttpStatusCode.Created, verdict.StatusCode);
        // The request waits 90 s on the app's clock before a drain picks it up.
        app.Time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(1, (await DrainAsync(app)).Requests);

        var lag = Assert.Single(metrics.Of(ReliabilityMetrics.LagName), r => (string?)r.Tags["reliability.recompute.cause"] == "verdict");
        Assert.InRange(lag.Value, 90, 120);
        var verdicts = Assert.Single(metrics.Of(ReliabilityMetrics.VerdictsName));
        Assert.Equal((1.0, "refuted"), (verdicts.Value, (string?)verdicts.Tags["reliability.verdict.outcome"]));
        Assert.All(metrics.Of(ReliabilityMetrics.DurationName), d => Assert.Equal("success", d.Tags["reliability.recompute.outcome"]));
        Assert.NotEmpty(metrics.Of(ReliabilityMetrics.DurationName));
    }

    [Fact]
    public async Task Queue_depth_is_the_pending_count_the_latest_drain_saw()
    {
        await using var app = ManualApp();
        using var metrics = Record(app);
        var member = await app.ClientAsAsync(Role.Member);
        await ClaimAsync(member);
        await ClaimAsync(member);
        var pending = app.WithDb(db => db.RecomputeRequests.Count());
        Assert.Equal(2, pending);

        metrics.Observe();
        Assert.Empty(metrics.Of(ReliabilityMetrics.QueueDepthName));   // no drain yet: nothing to report
        await DrainAsync(app);
        metrics.Observe();
        Assert.Equal(pending, Assert.Single(metrics.Of(ReliabilityMetrics.QueueDepthName)).Value);

        await DrainAsync(app);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        metrics.Observe();
        Assert.Equal(0, metrics.Of(ReliabilityMetrics.QueueDepthName)[^1].Value);

        // A count nobody refreshed for longer than DepthFreshFor (another instance drains now) is no longer reported.
        app.Time.Advance(ReliabilityMetrics.DepthFreshFor);
        var reported = metrics.Of(ReliabilityMetrics.QueueDepthName).Count;
        metrics.Observe();
        Assert.Equal(reported, metrics.Of(ReliabilityMetrics.QueueDepthName).Count);
    }

    [Fact]
    public async Task Board_connections_go_up_when_a_client_connects_and_down_when_it_leaves()
    {
        await using var app = new TestApp();
        var server = app.StartKestrel();
        using var metrics = Record(app);
        static double Sum(IReadOnlyList<MetricRecorder.Recorded> r) => r.Sum(m => m.Value);

        var first = await BoardListener.ConnectAsync(server);
        await using (var second = await BoardListener.ConnectAsync(server))
            await metrics.WaitForAsync(ReliabilityMetrics.BoardConnectionsName, r => Sum(r) == 2, "two clients connected");
        await metrics.WaitForAsync(ReliabilityMetrics.BoardConnectionsName, r => Sum(r) == 1, "one client left");
        await first.DisposeAsync();
        await metrics.WaitForAsync(ReliabilityMetrics.BoardConnectionsName, r => Sum(r) == 0, "both clients left");
        Assert.Equal([1, 1, -1, -1], metrics.Of(ReliabilityMetrics.BoardConnectionsName).Select(r => r.Value));
    }
}
