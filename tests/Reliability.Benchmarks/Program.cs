using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Measures what a user waits for, against the real server on Kestrel on loopback, and prints a Markdown report.
// Usage: dotnet run -c Release --project tests/Reliability.Benchmarks -- <scenario> [options]; `all` runs everything and rewrites docs/BENCHMARKS.md.
var scenario = args.FirstOrDefault() ?? "verdict-latency";
var verdicts = IntOption("--verdicts", 200);
var runs = IntOption("--runs", 3);
var seed = IntOption("--seed", 7);
var sourceCount = IntOption("--sources", 10_000);
var claimCount = IntOption("--claims", 1_000_000);
switch (scenario)
{
    case "hub-latency": Console.WriteLine(await HubLatency.ReportAsync(verdicts, runs)); return 0;
    case "bot-latency": Console.WriteLine(await BotLatency.ReportAsync(verdicts, runs)); return 0;
    case "generate":
        var generated = await DataGenerator.EnsureAsync(seed, sourceCount, claimCount);
        Console.WriteLine($"{generated.File}: {generated.Sources} sources, {generated.Claims} claims, {generated.Verdicts} verdicts, {generated.Echoes} echoes" +
            (generated.FromCache ? " (cached)" : $"; generated in {generated.GenerateSeconds:F1} s, scored in {generated.RecomputeSeconds:F1} s"));
        return 0;
    case "scale":
        var results = await AtScale.RunAsync(ScaleOptionsFromArgs());
        Console.WriteLine(string.Join("\n", results.Select((r, i) => $"run {i + 1}: " + string.Join(", ", r.Values.Select(v => $"{v.Key}={v.Value:F1}")))));
        return 0;
    case "micro":
        foreach (var m in Micro.Run()) Console.WriteLine($"{m.Name}: {m.MeanUs:F2} µs ± {m.ErrorUs:F2}, {m.AllocatedBytes} B");
        return 0;
    case "efprobe": await EfProbe.RunAsync(args[1]); return 0;
    case "report": return await Report.RenderAgainAsync();
    case "all":
        // Sized to finish in under 10 minutes on a 2-core machine; every part is bounded in count and time.
        return await Report.AllAsync(ScaleOptionsFromArgs(), IntOption("--small-verdicts", 100), runs);
    case "verdict-latency": break;
    default:
        Console.Error.WriteLine("Scenarios: all | scale [--only sources,recompute,bot,hub,ingest] | micro | verdict-latency | hub-latency | bot-latency | generate  [--verdicts N] [--runs N] [--sources N] [--claims N] [--seed N]");
        return 2;
}

Console.WriteLine(await VerdictLatency.ReportAsync(verdicts, runs));
return 0;

ScaleOptions ScaleOptionsFromArgs() => new(seed, sourceCount, claimCount, runs,
    TimeSpan.FromSeconds(DoubleOption("--warmup", 1.5)), TimeSpan.FromSeconds(DoubleOption("--window", 4)),
    IntOption("--hub-clients", 1000), IntOption("--hub-verdicts", 30), IntOption("--ingest-rate", 500), TimeSpan.FromSeconds(DoubleOption("--ingest-seconds", 10)),
    [.. (StringOption("--only") ?? "sources,recompute,bot,hub,ingest").Split(',')]);

string? StringOption(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

double DoubleOption(string name, double fallback) =>
    double.TryParse(StringOption(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

int IntOption(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

/// <summary>Records verdicts one at a time and times each until the background job has stored the score it causes.</summary>
internal static class VerdictLatency
{
    public static async Task<string> ReportAsync(int verdicts, int runs)
    {
        var perRun = new List<(double P50, double P99, double Max, double PostP50)>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await VerdictLatency.RunAsync(verdicts);
            perRun.Add(result);
            Console.Error.WriteLine($"run {run}: verdict→score p50 {result.P50:F0} ms, p99 {result.P99:F0} ms, max {result.Max:F0} ms; POST alone p50 {result.PostP50:F1} ms");
        }
        return $"""
            ### Verdict → its source's new score (idle server, SQLite, Quartz drain)

            `dotnet run -c Release --project tests/Reliability.Benchmarks -- verdict-latency --verdicts {verdicts} --runs {runs}`

            | measure | median of {runs} runs |
            |---|---|
            | verdict recorded → new score version visible in `GET /api/sources/{"{id}"}/history`, p50 | {Stats.Median(perRun.Select(r => r.P50)):F0} ms |
            | same, p99 (target ≤ 2,000 ms) | {Stats.Median(perRun.Select(r => r.P99)):F0} ms |
            | same, max | {Stats.Median(perRun.Select(r => r.Max)):F0} ms |
            | reference: the `POST /api/claims/{"{id}"}/verdicts` call alone, p50 | {Stats.Median(perRun.Select(r => r.PostP50)):F1} ms |

            Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. {verdicts} verdicts one after another per run, each on its own claim.
            """;
    }

    public static async Task<(double P50, double P99, double Max, double PostP50)> RunAsync(int verdicts)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliability-bench", Guid.NewGuid().ToString("N"));
        var token = (await ServerProcess.RunAsync(dataDirectory, "users", "add", "bench", "--role", "admin")).Trim().Split('\n')[^1].Trim();
        using var server = ServerProcess.Start(dataDirectory, out var baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await ServerProcess.WaitHealthyAsync(client);

        var source = await PostAsync(client, "/api/sources", new { name = "Benchmark wire", kind = "outlet" });
        var sourceId = source.GetProperty("id").GetInt32();
        var claimIds = new List<int>();
        for (var i = 0; i < verdicts; i++)
            claimIds.Add((await PostAsync(client, "/api/claims", new { sourceId, text = $"claim {i}", madeAt = "2026-01-01" })).GetProperty("id").GetInt32());
        await WaitIdleAsync(client);

        var latencies = new List<double>();
        var posts = new List<double>();
        var outcomes = new[] { "confirmed", "refuted" };
        for (var i = 0; i < verdicts; i++)
        {
            var clock = Stopwatch.StartNew();
            var verdict = await PostAsync(client, $"/api/claims/{claimIds[i]}/verdicts", new { outcome = outcomes[i % 2], note = "benchmark" });
            posts.Add(clock.Elapsed.TotalMilliseconds);
            var verdictId = verdict.GetProperty("verdict").GetProperty("id").GetInt32();
            while (!await ScoredAsync(client, sourceId, verdictId))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"verdict {verdictId} was not scored within 30 s");
                await Task.Delay(2);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return (Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), latencies.Max(), Stats.Percentile(posts, 0.50));
    }

    private static async Task<bool> ScoredAsync(HttpClient client, int sourceId, int verdictId)
    {
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/history?limit=1");
        return history.EnumerateArray().Any(v => v.GetProperty("causeVerdictIds").EnumerateArray().Any(id => id.GetInt32() == verdictId));
    }

    internal static async Task WaitIdleAsync(HttpClient client)
    {
        for (var i = 0; i < 3000; i++)
        {
            var jobs = await client.GetFromJsonAsync<JsonElement>("/api/jobs");
            if (jobs.GetProperty("queueDepth").GetInt32() == 0) return;
            await Task.Delay(10);
        }
        throw new TimeoutException("the queue did not drain");
    }

    internal static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

}

internal static class Stats
{
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v[v.Length / 2];
    }
}

/// <summary>The server as users run it: its own process on loopback, from this project's build output.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    private static ProcessStartInfo Info(string dataDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reliability.Server.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // Settings through the environment, as operators do (and as the `db` verbs, which take no extra arguments, accept).
        info.Environment["Reliability__DataDirectory"] = dataDirectory;
        info.Environment["Reliability__SeedDemoData"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }

    /// <summary>Runs the server binary as a CLI and returns its standard output.</summary>
    public static async Task<string> RunAsync(string dataDirectory, params string[] args)
    {
        using var process = Process.Start(Info(dataDirectory, args))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
    }

    /// <summary>The server's process id, for reading its memory from /proc.</summary>
    public int Id => _process.Id;

    public static ServerProcess Start(string dataDirectory, out Uri baseAddress, params string[] extraArgs)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        baseAddress = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(Info(dataDirectory, ["--urls", baseAddress.ToString(), .. extraArgs]))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process);
    }

    public static async Task WaitHealthyAsync(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            try { if ((await client.GetAsync("/health")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not become healthy within 60 s");
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
