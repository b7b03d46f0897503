using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Jobs;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Jobs;

public sealed class RecomputeJobTests
{
    /// <summary>No scheduler: the test drains the queue itself, step by step.</summary>
    private static TestApp ManualApp() => new(settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "false", ["Scoring:HalfLifeDays"] = "0" });

    private static async Task<(HttpClient Client, int SourceId, List<int> ClaimIds)> SetUpAsync(TestApp app, int claims = 3)
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var source = await (await client.PostJsonAsync("/api/sources", new { name = "Busy wire", kind = "outlet" })).ReadAsync<SourceDto>();
        var ids = new List<int>();
        for (var i = 1; i <= claims; i++)
            ids.Add((await (await client.PostJsonAsync("/api/claims", new { sourceId = source.Id, text = $"claim {i}", madeAt = $"2026-09-0{i}" })).ReadAsync<ClaimDto>()).Id);
        return (client, source.Id, ids);
    }

    private static async Task<int> VerdictAsync(HttpClient client, int claimId, string outcome)
    {
        var response = await client.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome, note = "test grounds" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<VerdictRecorded>()).Verdict.Id;
    }

    private static async Task<DrainResult> DrainAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecomputeDrainer>().DrainAsync("test", CancellationToken.None);
    }

    private static List<ScoreVersion> Versions(TestApp app, int sourceId) =>
        app.WithDb(db => db.ScoreVersions.Where(v => v.SourceId == sourceId).OrderBy(v => v.Version).ToList());

    [Fact]
    public async Task A_verdict_commits_with_its_recompute_request_and_the_score_waits_for_the_job()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await DrainAsync(app);
        var before = Versions(app, sourceId).Count;

        var verdictId = await VerdictAsync(client, claims[0], "refuted");

        var request = app.WithDb(db => db.RecomputeRequests.Single());
        Assert.Equal((sourceId, "verdict"), (request.SourceId, request.Cause));
        Assert.Equal([verdictId], request.VerdictIds);
        Assert.Equal(before, Versions(app, sourceId).Count);
        await DrainAsync(app);
        Assert.Empty(app.WithDb(db => db.RecomputeRequests.ToList()));
        Assert.Equal([verdictId], Versions(app, sourceId)[^1].CauseVerdictIds);
    }

    [Fact]
    public async Task Many_requests_for_one_source_coalesce_into_one_recompute_naming_every_verdict()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await DrainAsync(app);
        var before = Versions(app, sourceId).Count;

        var verdicts = new List<int>();
        foreach (var claim in claims) verdicts.Add(await VerdictAsync(client, claim, "confirmed"));
        var result = await DrainAsync(app);

        Assert.Equal(3, result.Requests);
        Assert.Equal(1, result.SourcesRecomputed);
        Assert.Equal(1, result.VersionsStored);
        var latest = Versions(app, sourceId)[^1];
        Assert.Equal(before + 1, latest.Version);
        Assert.Equal(verdicts, latest.CauseVerdictIds);
        Assert.Equal(4.0 / 5, latest.Reliability, 10);
    }

    [Fact]
    public async Task A_version_is_stored_only_when_the_score_changed()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await VerdictAsync(client, claims[0], "confirmed");
        await DrainAsync(app);
        var before = Versions(app, sourceId).Count;

        // The same outcome again supersedes nothing that scores: no new version.
        await VerdictAsync(client, claims[0], "confirmed");
        var result = await DrainAsync(app);

        Assert.Equal(1, result.SourcesRecomputed);
        Assert.Equal(0, result.VersionsStored);
        Assert.Equal(before, Versions(app, sourceId).Count);
    }

    [Fact]
    public async Task A_failing_recompute_backs_off_parks_after_five_attempts_within_ten_minutes_and_an_admin_retries_it()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await DrainAsync(app);
        var faults = app.Services.GetRequiredService<RecomputeFaults>();
        faults.Fail(sourceId, "disk on fire");
        await VerdictAsync(client, claims[0], "refuted");
        var firstAttempt = app.Time.GetUtcNow();

        for (var attempt = 1; attempt <= RecomputeDrainer.MaxAttempts; attempt++)
        {
            Assert.Equal(1, (await DrainAsync(app)).Failures);
            var request = app.WithDb(db => db.RecomputeRequests.Single());
            Assert.Equal(attempt, request.Attempts);
            Assert.Contains("disk on fire", request.LastError, StringComparison.Ordinal);
            if (attempt < RecomputeDrainer.MaxAttempts)
            {
                Assert.Null(request.FailedAt);
                // Not due before its backoff ends.
                Assert.Equal(DrainResult.None, await DrainAsync(app));
                app.Time.Set(request.NextAttemptAt);
            }
            else
            {
                Assert.NotNull(request.FailedAt);
                Assert.True(request.FailedAt - firstAttempt <= TimeSpan.FromMinutes(10));
            }
        }
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DrainResult.None, await DrainAsync(app));

        using (var status = JsonDocument.Parse(await client.GetStringAsync("/api/jobs")))
        {
            var failure = status.RootElement.GetProperty("failures").EnumerateArray().Single();
            Assert.Equal(sourceId, failure.GetProperty("sourceId").GetInt32());
            Assert.Equal(5, failure.GetProperty("attempts").GetInt32());
            Assert.Equal(0, status.RootElement.GetProperty("queueDepth").GetInt32());
        }

        var member = await app.ClientAsAsync(Role.Member);
        var id = app.WithDb(db => db.RecomputeRequests.Single().Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/jobs/failures/{id}/retry", null)).StatusCode);
        faults.Heal(sourceId);
        var retried = await client.PostAsync($"/api/jobs/failures/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (await DrainAsync(app)).VersionsStored);
        Assert.Empty(app.WithDb(db => db.RecomputeRequests.ToList()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/jobs/failures/{id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task One_failing_source_does_not_hold_back_the_rest_of_the_batch()
    {
        await using var app = ManualApp();
        var client = await app.ClientAsAsync(Role.Admin);
        var ids = new List<int>();
        foreach (var name in new[] { "Good", "Bad" })
        {
            var source = await (await client.PostJsonAsync("/api/sources", new { name, kind = "outlet" })).ReadAsync<SourceDto>();
            ids.Add(source.Id);
            await client.PostJsonAsync("/api/claims", new { sourceId = source.Id, text = "c", madeAt = "2026-09-01" });
        }
        app.Services.GetRequiredService<RecomputeFaults>().Fail(ids[1], "bad source");

        var result = await DrainAsync(app);

        Assert.Equal((1, 1), (result.SourcesRecomputed, result.Failures));
        Assert.Equal(ids[1], app.WithDb(db => db.RecomputeRequests.Single().SourceId));
        app.Services.GetRequiredService<RecomputeFaults>().Heal(ids[1]);
        app.Time.Advance(RecomputeDrainer.Backoff[0]);
        await DrainAsync(app);
    }

    [Fact]
    public async Task The_scheduled_job_retries_a_failed_recompute_once_its_backoff_ends()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:SweepSeconds"] = "0.5" });
        var (client, sourceId, claims) = await SetUpAsync(app);
        await app.WaitForRecomputeAsync();
        var faults = app.Services.GetRequiredService<RecomputeFaults>();
        faults.Fail(sourceId, "transient");
        var verdictId = await VerdictAsync(client, claims[0], "refuted");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (app.WithDb(db => db.RecomputeRequests.All(r => r.Attempts == 0)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never attempted the recompute");
            await Task.Delay(50);
        }
        faults.Heal(sourceId);
        app.Time.Advance(RecomputeDrainer.Backoff[0]);
        await app.WaitForRecomputeAsync();

        Assert.Contains(verdictId, Versions(app, sourceId)[^1].CauseVerdictIds);
    }

    [Fact]
    public async Task Recompute_all_applies_decay_and_records_its_cause()
    {
        await using var app = new TestApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await VerdictAsync(client, claims[0], "confirmed");
        await app.WaitForRecomputeAsync();
        var before = Versions(app, sourceId)[^1];

        app.Time.Advance(TimeSpan.FromDays(730));
        var response = await client.PostAsync("/api/jobs/recompute-all", null);
        await app.WaitForRecomputeAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var after = Versions(app, sourceId)[^1];
        Assert.Equal("recompute-all", after.Cause);
        Assert.True(after.Reliability < before.Reliability && after.Reliability > 0.5, $"{before.Reliability} → {after.Reliability}");
        Assert.Contains(app.WithDb(db => db.AuditEntries.Select(a => a.Action).ToList()), a => a == "jobs.recompute-all");
    }

    [Fact]
    public async Task Cli_recompute_all_recomputes_in_process_and_reports()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await VerdictAsync(client, claims[0], "refuted");

        var (code, output, _) = await app.CliAsync("jobs recompute-all");

        Assert.Equal(0, code);
        Assert.Contains("Recomputed 1 source(s)", output, StringComparison.Ordinal);
        Assert.Empty(app.WithDb(db => db.RecomputeRequests.ToList()));
        Assert.Equal(1.0 / 3, Versions(app, sourceId)[^1].Reliability, 10);
    }

    [Fact]
    public async Task The_recurring_recompute_all_fires_on_its_schedule()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RecomputeAllCron"] = "0/1 * * * * ?" });
        await SetUpAsync(app, claims: 1);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<JobRun> runs;
        while ((runs = app.WithDb(db => db.JobRuns.Where(r => r.Job == "recompute-all").ToList())).Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the daily job never fired on its schedule");
            await Task.Delay(100);
        }
        Assert.All(runs, r => Assert.NotNull(r.ScheduledFor));
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count());
    }

    [Fact]
    public void A_bad_cron_expression_stops_start_up_with_a_clear_message()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RecomputeAllCron"] = "every day please" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Jobs:RecomputeAllCron", error.ToString(), StringComparison.Ordinal);
        app.SkipConsistencyCheck = true;
    }

    [Fact]
    public async Task Consistency_check_finds_a_stored_score_that_differs_from_a_full_recompute()
    {
        await using var app = ManualApp();
        var (client, sourceId, claims) = await SetUpAsync(app);
        await VerdictAsync(client, claims[0], "confirmed");
        await DrainAsync(app);
        using (var ok = JsonDocument.Parse(await client.GetStringAsync("/api/jobs/consistency")))
            Assert.True(ok.RootElement.GetProperty("ok").GetBoolean());

        app.WithDb(db => db.ScoreVersions.Where(v => v.SourceId == sourceId).OrderByDescending(v => v.Version).Take(1)
            .ExecuteUpdate(u => u.SetProperty(v => v.Reliability, 0.01)));

        using var bad = JsonDocument.Parse(await client.GetStringAsync("/api/jobs/consistency"));
        Assert.False(bad.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(sourceId, bad.RootElement.GetProperty("mismatches")[0].GetProperty("sourceId").GetInt32());
        app.SkipConsistencyCheck = true;
    }

    [Fact]
    public async Task A_daily_run_missed_while_every_instance_was_down_fires_on_the_next_start_and_a_changed_schedule_applies()
    {
        var directory = TestApp.NewDataDirectory();
        await using (var first = new TestApp(dataDirectory: directory, keepData: true))
            first.CreateClient();

        // The 03:00 slot passed two minutes ago while nothing ran.
        var missed = TestApp.Start - TimeSpan.FromMinutes(2);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "reliability.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = $t WHERE TRIGGER_NAME = 'recompute-all-daily'";
            update.Parameters.AddWithValue("$t", missed.UtcTicks);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await using (var second = new TestApp(dataDirectory: directory, keepData: true))
        {
            second.CreateClient();
            await WaitForRunsAsync(second, 1);
        }

        await using var third = new TestApp(dataDirectory: directory, settings: new Dictionary<string, string?> { ["Jobs:RecomputeAllCron"] = "0/1 * * * * ?" });
        third.CreateClient();
        var before = third.WithDb(db => db.JobRuns.Count(r => r.Job == "recompute-all"));
        await WaitForRunsAsync(third, before + 2);
    }

    private static async Task WaitForRunsAsync(TestApp app, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (app.WithDb(db => db.JobRuns.Count(r => r.Job == "recompute-all")) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} recompute-all run(s)");
            await Task.Delay(100);
        }
    }
}
