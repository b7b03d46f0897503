using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Reliability.Server.Data;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Health;

public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(TestApp app, string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>The scheduler starts once the application has started, so a new instance turns ready a moment after it answers.</summary>
    private static async Task<JsonElement> WaitUntilReadyAsync(TestApp app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (status, body) = await GetAsync(app, "/health/ready");
            if (status == HttpStatusCode.OK) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never ready: {body}");
            await Task.Delay(50);
        }
    }

    private static string CheckStatus(JsonElement body, string check) => body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    [Fact]
    public async Task Ready_reports_database_scheduler_and_change_feed_healthy_on_a_running_server()
    {
        await using var app = new TestApp();

        var body = await WaitUntilReadyAsync(app);

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "scheduler", "change-feed" })
            Assert.Equal("Healthy", CheckStatus(body, check));
        var (legacy, _) = await GetAsync(app, "/health");
        Assert.Equal(HttpStatusCode.OK, legacy);
    }

    [Fact]
    public async Task A_stopped_scheduler_makes_the_instance_unready_but_still_live()
    {
        await using var app = new TestApp();
        await WaitUntilReadyAsync(app);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        Assert.Equal(SchedulerStatus.Standby, await scheduler.GetStatus());

        var (status, body) = await GetAsync(app, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", CheckStatus(body, "scheduler"));
        Assert.Equal("Healthy", CheckStatus(body, "database"));

        var (live, liveBody) = await GetAsync(app, "/health/live");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Empty(liveBody.GetProperty("checks").EnumerateObject());

        await scheduler.Start();
        await WaitUntilReadyAsync(app);
    }

    [Fact]
    public async Task An_instance_with_jobs_turned_off_is_ready_and_says_why_the_scheduler_is_absent()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

        var (status, body) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Jobs:Enabled=false", body.GetProperty("checks").GetProperty("scheduler").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_that_waits_too_long_for_the_board_publisher_makes_the_instance_unready()
    {
        // A hole in the sequence holds the publisher back (a lower sequence may still commit) for the gap grace, here long.
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Board:GapGraceSeconds"] = "120" });
        await WaitUntilReadyAsync(app);
        var next = app.WithDb(db => db.BoardChanges.Max(c => (long?)c.Sequence) ?? 0) + 2;

        app.WithDb(db =>
        {
            db.BoardChanges.Add(new BoardChange { Sequence = next, Kind = BoardChangeKind.SourceChanged, SourceId = 1, At = app.Time.GetUtcNow().AddSeconds(-30), Payload = "{}" });
            return db.SaveChanges();
        });

        var (status, body) = await GetAsync(app, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var feed = body.GetProperty("checks").GetProperty("change-feed");
        Assert.Equal("Unhealthy", feed.GetProperty("status").GetString());
        Assert.True(feed.GetProperty("data").GetProperty("lagSeconds").GetDouble() >= 30);
    }
}
