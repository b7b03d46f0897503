using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Verdict recorded → <c>ScoreChanged</c> received by a board client connected to <c>/hubs/board</c> over a WebSocket:
/// the whole path a user watching the board waits for (write, queued recompute, feed publish, push).
/// </summary>
internal static class HubLatency
{
    public static async Task<string> ReportAsync(int verdicts, int runs)
    {
        var perRun = new List<(double P50, double P99, double Max, double PostP50)>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await RunAsync(verdicts);
            perRun.Add(result);
            Console.Error.WriteLine($"run {run}: verdict→ScoreChanged p50 {result.P50:F0} ms, p99 {result.P99:F0} ms, max {result.Max:F0} ms; POST alone p50 {result.PostP50:F1} ms");
        }
        return $"""
            ### Verdict → `ScoreChanged` at a connected board client (idle server, SQLite)

            `dotnet run -c Release --project tests/Reliability.Benchmarks -- hub-latency --verdicts {verdicts} --runs {runs}`

            | measure | {string.Join(" | ", Enumerable.Range(1, runs).Select(r => $"run {r}"))} | median |
            |---|{string.Concat(Enumerable.Repeat("---|", runs))}---|
            | verdict `POST` sent → `ScoreChanged` received, p50 | {Row(perRun.Select(r => r.P50), "F0")} |
            | same, p99 (target < 1,000 ms) | {Row(perRun.Select(r => r.P99), "F0")} |
            | same, max | {Row(perRun.Select(r => r.Max), "F0")} |
            | reference: the verdict `POST` alone, p50 | {Row(perRun.Select(r => r.PostP50), "F1")} |

            Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. {verdicts} verdicts one after another per run, each on its own claim.
            """;
    }

    private static string Row(IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        return string.Join(" | ", list.Select(v => $"{v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ms"))
            + $" | **{Stats.Median(list).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ms**";
    }

    public static async Task<(double P50, double P99, double Max, double PostP50)> RunAsync(int verdicts)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliability-bench", Guid.NewGuid().ToString("N"));
        var token = (await ServerProcess.RunAsync(dataDirectory, "users", "add", "bench", "--role", "admin")).Trim().Split('\n')[^1].Trim();
        using var server = ServerProcess.Start(dataDirectory, out var baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await ServerProcess.WaitHealthyAsync(client);

        var source = await VerdictLatency.PostAsync(client, "/api/sources", new { name = "Benchmark wire", kind = "outlet" });
        var sourceId = source.GetProperty("id").GetInt32();
        var claimIds = new List<int>();
        for (var i = 0; i < verdicts; i++)
            claimIds.Add((await VerdictLatency.PostAsync(client, "/api/claims", new { sourceId, text = $"claim {i}", madeAt = "2026-01-01" })).GetProperty("id").GetInt32());
        await VerdictLatency.WaitIdleAsync(client);

        // Arrival time of each ScoreChanged, by the verdict that caused it.
        var clock = Stopwatch.StartNew();
        var arrived = new ConcurrentDictionary<int, double>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/board"), o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        hub.On<JsonElement>("ScoreChanged", e =>
        {
            var at = clock.Elapsed.TotalMilliseconds;
            foreach (var id in e.GetProperty("causeVerdictIds").EnumerateArray()) arrived.TryAdd(id.GetInt32(), at);
        });
        await hub.StartAsync();

        var latencies = new List<double>();
        var posts = new List<double>();
        var outcomes = new[] { "confirmed", "refuted" };
        for (var i = 0; i < verdicts; i++)
        {
            var sent = clock.Elapsed.TotalMilliseconds;
            var verdict = await VerdictLatency.PostAsync(client, $"/api/claims/{claimIds[i]}/verdicts", new { outcome = outcomes[i % 2], note = "benchmark" });
            posts.Add(clock.Elapsed.TotalMilliseconds - sent);
            var verdictId = verdict.GetProperty("verdict").GetProperty("id").GetInt32();
            double at;
            while (!arrived.TryGetValue(verdictId, out at))
            {
                if (clock.Elapsed.TotalMilliseconds - sent > 30_000) throw new TimeoutException($"no ScoreChanged for verdict {verdictId} within 30 s");
                await Task.Delay(1);
            }
            latencies.Add(at - sent);
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return (Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), latencies.Max(), Stats.Percentile(posts, 0.50));
    }
}
