using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reliability.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reliability.Server.Tests.Jobs;

/// <summary>
/// The server as real processes: killed with SIGKILL mid-stream, restarted on the same data directory, and run as two
/// instances sharing one SQLite file. Each test owns its temporary directory and its processes and removes both.
/// </summary>
public sealed class ProcessTests(ITestOutputHelper output)
{
    private static readonly string[] Outcomes = ["confirmed", "refuted", "partly-true", "retracted", "unverifiable"];
    private static readonly string[] Kinds = ["government", "outlet", "channel", "organization", "individual"];
    private static readonly JsonSerializerOptions JsonOptions = TestApp.JsonOptions;

    private sealed record Dataset(List<int> SourceIds, List<int> ClaimIds);

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    private static async Task<int> PostForIdAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body, JsonOptions);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetInt32();
    }

    private static Task<HttpResponseMessage> PostVerdictAsync(HttpClient client, int claimId, string outcome) =>
        client.PostAsJsonAsync(new Uri($"/api/claims/{claimId}/verdicts", UriKind.Relative),
            new { outcome, evidenceUrl = "https://example.org/evidence", note = "process test" }, JsonOptions);

    /// <summary>Sources, and claims dated 2026-01 to 2026-10 in creation order, some echoing an earlier claim.</summary>
    private static async Task<Dataset> CreateDatasetAsync(HttpClient client, int sources, int claims, int seed)
    {
        var rng = new Random(seed);
        var sourceIds = new List<int>();
        for (var i = 0; i < sources; i++)
            sourceIds.Add(await PostForIdAsync(client, "/api/sources", new { name = $"Process source {i}", kind = Kinds[i % Kinds.Length] }));

        var claimIds = new List<int>();
        var first = new DateOnly(2026, 1, 3);
        var step = Math.Max(1, 270 / Math.Max(1, claims));
        for (var i = 0; i < claims; i++)
        {
            var madeAt = first.AddDays(i * step).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // Every third claim from the fourth on echoes an earlier one (made no later, so the origin rule holds).
            int? repeats = i >= 3 && i % 3 == 0 ? claimIds[rng.Next(i)] : null;
            double? confidence = i % 2 == 0 ? Math.Round(0.05 + (rng.NextDouble() * 0.9), 2) : null;
            claimIds.Add(await PostForIdAsync(client, "/api/claims", new
            {
                sourceId = sourceIds[rng.Next(sourceIds.Count)],
                text = $"Process claim {i}",
                madeAt,
                repeatsClaimId = repeats,
                statedConfidence = confidence,
            }));
        }
        return new Dataset(sourceIds, claimIds);
    }

    /// <summary>Polls <c>GET /api/jobs</c> until nothing is queued; returns the last status and how long it took.</summary>
    private static async Task<(JsonElement Status, TimeSpan Took)> WaitForQueueDrainedAsync(ServerProcess server, TimeSpan timeout)
    {
        using var client = server.Client();
        var clock = Stopwatch.StartNew();
        JsonElement status = default;
        for (var attempt = 0; attempt < 100_000 && clock.Elapsed < timeout; attempt++)
        {
            Assert.False(server.HasExited, $"Server '{server.Name}' exited while the queue drained.\n{server.Tail()}");
            status = await GetJsonAsync(client, "/api/jobs");
            if (status.GetProperty("queueDepth").GetInt32() == 0) return (status, clock.Elapsed);
            await Task.Delay(200);
        }
        throw new TimeoutException($"The recompute queue did not drain within {timeout.TotalSeconds:0} s. Last status: {status}\n{server.Tail()}");
    }

    private static async Task<JsonElement> AssertConsistentAsync(ServerProcess server)
    {
        using var client = server.Client();
        var report = await GetJsonAsync(client, "/api/jobs/consistency");
        var message = $"Consistency report: {report}\n{server.Tail(30)}";
        Assert.True(report.GetProperty("ok").GetBoolean(), message);
        Assert.True(report.GetProperty("mismatches").GetArrayLength() == 0, message);
        Assert.True(report.GetProperty("pending").GetArrayLength() == 0, message);
        Assert.True(report.GetProperty("unscored").GetArrayLength() == 0, message);
        Assert.True(report.GetProperty("sources").GetInt32() == report.GetProperty("consistent").GetInt32(), message);
        return report;
    }

    private static async Task AssertNoParkedFailuresAsync(ServerProcess server)
    {
        using var client = server.Client();
        var status = await GetJsonAsync(client, "/api/jobs");
        Assert.True(status.GetProperty("failures").GetArrayLength() == 0, $"Recompute failures: {status}");
    }

    // ---- 1. SIGKILL mid-stream ------------------------------------------------------------------------------------

    [Fact]
    public async Task Killing_the_server_mid_stream_loses_no_verdict_and_scores_match_a_full_recompute()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "mod", "moderator");
        await using var server = await ServerProcess.StartAsync("first", data.Path);
        Dataset dataset;
        using (var client = server.Client(token)) dataset = await CreateDatasetAsync(client, sources: 10, claims: 40, seed: 7);

        var recorded = new ConcurrentBag<(int VerdictId, int ClaimId)>();
        var failedAfterKill = new ConcurrentQueue<string>();
        var unexpected = new ConcurrentQueue<string>();
        var killed = 0;
        var inFlight = 0;
        var clock = Stopwatch.StartNew();
        var streamLimit = TimeSpan.FromSeconds(30);

        var writers = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            var rng = new Random(1000 + t);
            using var client = server.Client(token, TimeSpan.FromSeconds(20));
            for (var i = 0; i < 1000 && clock.Elapsed < streamLimit; i++)
            {
                var claimId = dataset.ClaimIds[rng.Next(dataset.ClaimIds.Count)];
                var outcome = Outcomes[rng.Next(Outcomes.Length)];
                Interlocked.Increment(ref inFlight);
                try
                {
                    using var response = await PostVerdictAsync(client, claimId, outcome);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var body = await ReadJsonAsync(response);
                        var verdict = body.GetProperty("verdict");
                        recorded.Add((verdict.GetProperty("id").GetInt32(), verdict.GetProperty("claimId").GetInt32()));
                    }
                    else if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"claim {claimId} {outcome}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (Volatile.Read(ref killed) == 1)
                    {
                        failedAfterKill.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                        break;
                    }
                    unexpected.Enqueue($"claim {claimId} {outcome}: {ex.GetType().Name} before the kill: {ex.Message}");
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }
        })).ToList();

        // Stream for about 1.5 s (or 60 verdicts), then SIGKILL the server with requests in flight.
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5) && recorded.Count < 60 && clock.Elapsed < TimeSpan.FromSeconds(20)
               && writers.Any(w => !w.IsCompleted))
            await Task.Delay(10);
        var writersRunningAtKill = writers.Count(w => !w.IsCompleted);
        var inFlightAtKill = Volatile.Read(ref inFlight);
        var recordedAtKill = recorded.Count;
        var killedAt = clock.Elapsed;
        Volatile.Write(ref killed, 1);
        server.Kill();
        var allDone = Task.WhenAll(writers);
        Assert.True(await Task.WhenAny(allDone, Task.Delay(TimeSpan.FromSeconds(60))) == allDone, "The writers did not stop after the kill.");
        await allDone;
        var firstLife = server.Tail(40);
        var firstLifeOutput = server.Output;

        output.WriteLine($"Killed after {killedAt.TotalMilliseconds:0} ms: {recordedAtKill} verdicts answered 201 before the kill, {recorded.Count} in all; " +
                         $"{inFlightAtKill} request(s) in flight, {writersRunningAtKill}/4 writers running; {failedAfterKill.Count} request(s) failed by the kill " +
                         $"({string.Join(" | ", failedAfterKill.Distinct().Take(3))}).");

        Assert.True(unexpected.IsEmpty, "Unexpected answers before the kill:\n" + string.Join('\n', unexpected.Take(10)) + "\n" + firstLife);
        Assert.True(!recorded.IsEmpty, "No verdict was recorded before the kill.\n" + firstLife);
        Assert.True(writersRunningAtKill == 4, $"The kill came after the writers had stopped ({writersRunningAtKill}/4 running).");
        Assert.True(!failedAfterKill.IsEmpty, "No request failed: the kill did not hit the stream.");

        // What the dead process left behind: queued requests, and those it had claimed under a lease.
        long queuedAfterKill, claimedAfterKill;
        using (var db = data.OpenDatabase())
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT COUNT(*), COUNT(ClaimedBy) FROM RecomputeRequests";
            using var rows = cmd.ExecuteReader();
            rows.Read();
            (queuedAfterKill, claimedAfterKill) = (rows.GetInt64(0), rows.GetInt64(1));
        }
        output.WriteLine($"Left in the queue by the dead process: {queuedAfterKill} request(s), {claimedAfterKill} of them claimed under its lease.");

        // Restart on the same data directory; requests the dead process had claimed are free again when their lease (30 s) ends.
        await using var restarted = await ServerProcess.StartAsync("restarted", data.Path);
        var (status, took) = await WaitForQueueDrainedAsync(restarted, TimeSpan.FromSeconds(90));
        output.WriteLine($"Restarted instance drained the queue in {took.TotalSeconds:0.0} s. Last runs: {status.GetProperty("lastRuns")}");

        // Every verdict that was acknowledged with 201 is durable.
        using var reader = restarted.Client();
        var stored = 0;
        var missing = new List<string>();
        foreach (var claim in recorded.GroupBy(r => r.ClaimId))
        {
            var body = await GetJsonAsync(reader, $"/api/claims/{claim.Key}");
            var ids = body.GetProperty("verdicts").EnumerateArray().Select(v => v.GetProperty("id").GetInt32()).ToHashSet();
            stored += ids.Count;
            missing.AddRange(claim.Where(r => !ids.Contains(r.VerdictId)).Select(r => $"verdict {r.VerdictId} on claim {r.ClaimId}"));
        }
        Assert.True(missing.Count == 0, $"Acknowledged verdicts lost by the kill: {string.Join(", ", missing)}");
        // Only requests cut off by the kill may have committed without an answer; nothing else may appear.
        var claims = await GetJsonAsync(reader, "/api/claims?limit=1000");
        var total = claims.EnumerateArray().Sum(c => c.GetProperty("verdictCount").GetInt32());
        output.WriteLine($"All {recorded.Count} acknowledged verdicts survived ({stored} verdicts on those claims); {total} verdicts stored in all, " +
                         $"{total - recorded.Count} committed whose answer the kill cut off.");
        Assert.InRange(total, recorded.Count, recorded.Count + failedAfterKill.Count);
        Assert.True(!firstLifeOutput.Contains("Recompute failed", StringComparison.Ordinal) && !restarted.Output.Contains("Recompute failed", StringComparison.Ordinal),
            "A recompute failed:\n" + server.Output + "\n" + restarted.Tail());

        await AssertNoParkedFailuresAsync(restarted);
        var report = await AssertConsistentAsync(restarted);
        output.WriteLine($"Consistency after restart: {report}");
    }

    // ---- 2. two instances, one database ---------------------------------------------------------------------------

    [Fact]
    public async Task Two_instances_on_one_database_fire_the_daily_job_once_per_schedule_and_never_store_conflicting_versions()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "mod", "moderator");
        string[] everyTwoSeconds = ["--Jobs:RecomputeAllCron", "0/2 * * * * ?"];
        var clock = Stopwatch.StartNew();
        await using var a = await ServerProcess.StartAsync("A", data.Path, everyTwoSeconds);
        var aUp = DateTimeOffset.UtcNow;
        await using var b = await ServerProcess.StartAsync("B", data.Path, everyTwoSeconds);
        var bUp = DateTimeOffset.UtcNow;
        var bothUp = clock.Elapsed;

        Dataset dataset;
        using (var client = a.Client(token)) dataset = await CreateDatasetAsync(client, sources: 6, claims: 20, seed: 11);

        // About 40 verdicts over about 10 s from two writers, alternating between the instances.
        var answers = new ConcurrentQueue<(string Instance, HttpStatusCode Status, string Body)>();
        var writers = Enumerable.Range(0, 2).Select(t => Task.Run(async () =>
        {
            var rng = new Random(2000 + t);
            using var toA = a.Client(token);
            using var toB = b.Client(token);
            for (var i = 0; i < 20; i++)
            {
                var useA = (i + t) % 2 == 0;
                using var response = await PostVerdictAsync(useA ? toA : toB, dataset.ClaimIds[rng.Next(dataset.ClaimIds.Count)], Outcomes[rng.Next(Outcomes.Length)]);
                answers.Enqueue((useA ? "A" : "B", response.StatusCode,
                    response.StatusCode == HttpStatusCode.Created ? "" : await response.Content.ReadAsStringAsync()));
                await Task.Delay(250 + rng.Next(150));
            }
        })).ToList();
        var writing = Task.WhenAll(writers);
        Assert.True(await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(60))) == writing, "The writers did not finish in time.");
        await writing;
        // Let both schedulers run for at least 12 s together.
        var remaining = TimeSpan.FromSeconds(12) - (clock.Elapsed - bothUp);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        Assert.False(a.HasExited, a.Tail());
        Assert.False(b.HasExited, b.Tail());
        var tails = a.Tail(30) + "\n" + b.Tail(30);
        Assert.True(!a.Output.Contains("Recompute failed", StringComparison.Ordinal) && !b.Output.Contains("Recompute failed", StringComparison.Ordinal),
            "A recompute failed (e.g. two instances writing the same score version):\n" + a.Output + "\n" + b.Output);
        var ranFor = clock.Elapsed - bothUp;
        a.Kill();
        b.Kill();

        var failed = answers.Where(x => x.Status != HttpStatusCode.Created).ToList();
        Assert.True(failed.Count == 0, "Verdicts refused: " + string.Join('\n', failed.Select(f => $"{f.Instance}: {(int)f.Status} {f.Body}")) + "\n" + tails);
        Assert.Equal(40, answers.Count);

        // Read the shared file directly, both processes gone.
        var converter = new DateTimeOffsetToBinaryConverter();
        var daily = new List<(long ScheduledFor, string Instance)>();
        var recomputeInstances = new Dictionary<string, int>();
        var versions = new List<(int SourceId, int Version)>();
        long verdictCount;
        using (var db = data.OpenDatabase())
        {
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT ScheduledFor, Instance FROM JobRuns WHERE Job = 'recompute-all' ORDER BY Id";
                using var rows = cmd.ExecuteReader();
                while (rows.Read())
                {
                    Assert.False(rows.IsDBNull(0), "A recompute-all run without ScheduledFor.");
                    daily.Add((rows.GetInt64(0), rows.GetString(1)));
                }
            }
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT Instance, COUNT(*) FROM JobRuns WHERE Job = 'recompute' GROUP BY Instance";
                using var rows = cmd.ExecuteReader();
                while (rows.Read()) recomputeInstances[rows.GetString(0)] = rows.GetInt32(1);
            }
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT SourceId, Version FROM ScoreVersions ORDER BY SourceId, Version";
                using var rows = cmd.ExecuteReader();
                while (rows.Read()) versions.Add((rows.GetInt32(0), rows.GetInt32(1)));
            }
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT COUNT(*) FROM Verdicts";
                verdictCount = (long)cmd.ExecuteScalar()!;
            }
        }

        string Describe((long ScheduledFor, string Instance) run) =>
            $"{((DateTimeOffset)converter.ConvertFromProvider(run.ScheduledFor)!).UtcDateTime:HH:mm:ss.fff} ({run.ScheduledFor}) by {run.Instance}";
        var dailyList = string.Join("\n  ", daily.Select(Describe));
        var summary = $"Ran {ranFor.TotalSeconds:0.0} s together. recompute-all runs ({daily.Count}):\n  {dailyList}\n" +
                      $"recompute runs by instance: {string.Join(", ", recomputeInstances.Select(kv => $"{kv.Key}={kv.Value}"))}";
        output.WriteLine(summary);
        // Not asserted: schedule slots between the first and last run that no instance fired (each instance's start re-registers the trigger).
        var fired = daily.Select(r => ((DateTimeOffset)converter.ConvertFromProvider(r.ScheduledFor)!).ToUnixTimeSeconds()).ToHashSet();
        if (fired.Count > 0)
        {
            var skipped = Enumerable.Range(0, (int)((fired.Max() - fired.Min()) / 2) + 1).Select(i => fired.Min() + (2 * i)).Where(t => !fired.Contains(t))
                .Select(t => DateTimeOffset.FromUnixTimeSeconds(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
            output.WriteLine($"A healthy at {aUp:HH:mm:ss.fff}, B healthy at {bUp:HH:mm:ss.fff}; slots skipped: {(skipped.Count == 0 ? "none" : string.Join(", ", skipped))}.");
        }

        Assert.Equal(40, verdictCount);
        var duplicates = daily.GroupBy(r => r.ScheduledFor).Where(g => g.Count() > 1).ToList();
        Assert.True(duplicates.Count == 0, $"recompute-all fired more than once for a schedule:\n{summary}");
        Assert.True(daily.Count >= 3, $"Expected at least 3 recompute-all runs in about 12 s at one every 2 s.\n{summary}");

        Assert.True(versions.Count == versions.Distinct().Count(), "Duplicate (SourceId, Version) rows in ScoreVersions.");
        foreach (var source in versions.GroupBy(v => v.SourceId))
        {
            var numbers = source.Select(v => v.Version).ToList();
            Assert.True(numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)),
                $"Source {source.Key} has versions {string.Join(",", numbers)}, not 1..{numbers.Count}.");
        }
        Assert.True(dataset.SourceIds.All(id => versions.Any(v => v.SourceId == id)), "A source has no score version.");
        output.WriteLine($"ScoreVersions: {versions.Count} rows over {versions.Select(v => v.SourceId).Distinct().Count()} sources, contiguous.");

        // One instance again, on the default (daily) schedule so nothing new is queued while the check runs.
        await using var again = await ServerProcess.StartAsync("A again", data.Path);
        var (_, took) = await WaitForQueueDrainedAsync(again, TimeSpan.FromSeconds(90));
        output.WriteLine($"Restarted instance drained the queue in {took.TotalSeconds:0.0} s.");
        await AssertNoParkedFailuresAsync(again);
        await AssertConsistentAsync(again);
    }

    // ---- 3. latency of the background job -------------------------------------------------------------------------

    [Fact]
    public async Task Verdict_is_reflected_in_its_source_score_by_the_background_job()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "mod", "moderator");
        await using var server = await ServerProcess.StartAsync("single", data.Path);
        using var client = server.Client(token);
        var sourceId = await PostForIdAsync(client, "/api/sources", new { name = "Latency wire", kind = "outlet" });
        var claimId = await PostForIdAsync(client, "/api/claims", new { sourceId, text = "A claim to refute", madeAt = "2026-10-01" });
        await WaitForQueueDrainedAsync(server, TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        using var response = await PostVerdictAsync(client, claimId, "refuted");
        var answered = clock.Elapsed;
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var verdictId = (await ReadJsonAsync(response)).GetProperty("verdict").GetProperty("id").GetInt32();

        JsonElement newest = default;
        var polls = 0;
        var seen = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && polls < 10_000)
        {
            polls++;
            var history = await GetJsonAsync(client, $"/api/sources/{sourceId}/history?limit=1");
            if (history.GetArrayLength() > 0)
            {
                newest = history[0];
                if (newest.GetProperty("causeVerdictIds").EnumerateArray().Any(v => v.GetInt32() == verdictId))
                {
                    seen = true;
                    break;
                }
            }
            await Task.Delay(10);
        }
        var latency = clock.Elapsed;
        Assert.True(seen, $"Verdict {verdictId} did not reach the score history within 10 s. Newest entry: {newest}\n{server.Tail()}");
        output.WriteLine($"Verdict {verdictId}: POST answered in {answered.TotalMilliseconds:0} ms; visible in history after {latency.TotalMilliseconds:0} ms " +
                         $"({polls} polls). Newest entry: {newest}");
        Assert.Equal("verdict", newest.GetProperty("cause").GetString());
    }
}
