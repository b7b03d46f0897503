using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>all</c>: every scenario in one command, bounded in time, then docs/BENCHMARKS.md rewritten from what it measured.
/// Hand-written findings live in docs/benchmarks-notes.md, which the report includes, so they survive regeneration.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> AllAsync(ScaleOptions scale, int smallVerdicts, int smallRuns)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var load = LoadAverage();
        var repo = RepositoryRoot();

        Console.Error.WriteLine("[all] micro benchmarks …");
        var micro = Micro.Run();
        Console.Error.WriteLine($"[all] {clock.Elapsed:mm\\:ss} small-database latency scenarios …");
        var verdictLatency = await VerdictLatency.ReportAsync(smallVerdicts, smallRuns);
        var hubLatency = await HubLatency.ReportAsync(smallVerdicts, smallRuns);
        var botLatency = await BotLatency.ReportAsync(smallVerdicts * 2, smallRuns);
        Console.Error.WriteLine($"[all] {clock.Elapsed:mm\\:ss} at scale ({scale.Sources} sources, {scale.Claims} claims) …");
        var data = await DataGenerator.EnsureAsync(scale.Seed, scale.Sources, scale.Claims);
        var runs = await AtScale.RunAsync(scale);
        var total = clock.Elapsed;
        Console.Error.WriteLine($"[all] done in {total:mm\\:ss}");

        var results = new Results(scale, data, runs.Select(r => r.Values).ToList(), micro, [verdictLatency, hubLatency, botLatency], started, total, load,
            Machine(), smallVerdicts, smallRuns);
        await File.WriteAllTextAsync(Path.Combine(repo, "docs", "benchmarks-results.json"), JsonSerializer.Serialize(results, JsonOptions));
        return await RenderAsync(repo, results);
    }

    /// <summary><c>report</c>: rewrites docs/BENCHMARKS.md from the last run's docs/benchmarks-results.json and the current notes, measuring nothing.</summary>
    public static async Task<int> RenderAgainAsync()
    {
        var repo = RepositoryRoot();
        var results = JsonSerializer.Deserialize<Results>(await File.ReadAllTextAsync(Path.Combine(repo, "docs", "benchmarks-results.json")), JsonOptions)!;
        return await RenderAsync(repo, results);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>What one `all` run measured, kept next to the report so the notes can change without measuring again.</summary>
    private sealed record Results(ScaleOptions Scale, GeneratedData Data, List<Dictionary<string, double>> Runs, List<MicroResult> Micro, string[] Small,
        DateTimeOffset Started, TimeSpan Total, string Load, string Machine, int SmallVerdicts, int SmallRuns);

    private static async Task<int> RenderAsync(string repo, Results results)
    {
        var notesPath = Path.Combine(repo, "docs", "benchmarks-notes.md");
        var notes = File.Exists(notesPath) ? await File.ReadAllTextAsync(notesPath) : "";
        var runs = results.Runs.Select(values => { var run = new ScaleRun(); foreach (var (k, v) in values) run.Add(k, v); return run; }).ToList();
        var markdown = Render(results.Scale, results.Data, runs, results.Micro, results.Small, notes, results.Started, results.Total, results.Load,
            results.Machine, results.SmallVerdicts, results.SmallRuns);
        var output = Path.Combine(repo, "docs", "BENCHMARKS.md");
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"Wrote {output} (the run took {results.Total:mm\\:ss} in all).");
        return 0;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Reliability.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        var memory = File.Exists("/proc/meminfo")
            ? double.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv) / 1024 / 1024
            : 0;
        return $"{cpu}, {Environment.ProcessorCount} cores, {memory:F0} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private sealed record Figure(string Path, string Target, string Part, string Measured, string Reference, string Ratio, bool Pass);

    private static double Median(IEnumerable<ScaleRun> runs, string key) => Stats.Median(runs.Select(r => r.Values[key]));

    private static double MedianRatio(IEnumerable<ScaleRun> runs, string key, string referenceKey) =>
        Stats.Median(runs.Select(r => r.Values[key] / r.Values[referenceKey]));

    private static string N(double value, string format = "N0") => value.ToString(format, Inv);

    private static List<Figure> Figures(List<ScaleRun> runs)
    {
        var figures = new List<Figure>();
        foreach (var (key, path) in new[] { ("search", "`GET /api/sources?search=<a source's name>`"), ("get", "`GET /api/sources/{id}`") })
        {
            var rps = Median(runs, $"{key}-rps");
            var p99 = Median(runs, $"{key}-p99");
            var share = MedianRatio(runs, $"{key}-rps", $"{key}-ref-rps");
            figures.Add(new Figure($"{path}, 64 concurrent", "≥ 2,000 req/s, p99 ≤ 25 ms, ≥ 50% of the reference's req/s", "sources",
                $"{N(rps)} req/s, p50 {N(Median(runs, $"{key}-p50"), "F1")} ms, p99 {N(p99, "F1")} ms",
                $"constant JSON of the same size ({N(Median(runs, $"{key}-bytes"))} B): {N(Median(runs, $"{key}-ref-rps"))} req/s, p99 {N(Median(runs, $"{key}-ref-p99"), "F1")} ms",
                $"{N(share * 100)}% of its req/s", rps >= 2000 && p99 <= 25 && share >= 0.5));
        }
        var botP99 = Median(runs, "bot-p99");
        figures.Add(new Figure("bot `/reliability` (signed interaction → answer), 32 concurrent", "p99 ≤ 50 ms", "bot",
            $"p50 {N(Median(runs, "bot-p50"), "F1")} ms, p99 {N(botP99, "F1")} ms ({N(Median(runs, "bot-rps"))} answers/s, {N(runs.Sum(r => r.Values["bot-deferred"]))} deferred)",
            $"the same API calls alone, 32 concurrent: p50 {N(Median(runs, "bot-ref-p50"), "F1")} ms, p99 {N(Median(runs, "bot-ref-p99"), "F1")} ms",
            $"p99 {N(MedianRatio(runs, "bot-p99", "bot-ref-p99"), "F1")}×", botP99 <= 50));
        var recompute = Median(runs, "recompute-s");
        var recomputeRatio = MedianRatio(runs, "recompute-s", "recompute-ref-s");
        figures.Add(new Figure("full recompute of every source (`POST /api/jobs/recompute-all` → queue empty)", "≤ 5 s and ≤ 2× the reference", "recompute",
            $"{N(recompute, "F1")} s",
            $"one raw SQL aggregate of the same counts: {N(Median(runs, "recompute-ref-s"), "F1")} s", $"{N(recomputeRatio, "F1")}×",
            recompute <= 5 && recomputeRatio <= 2));
        var hub = Median(runs, "hub-p99");
        figures.Add(new Figure("verdict → `ScoreChanged` at the last of 1,000 hub clients", "p99 ≤ 1 s", "hub",
            $"p50 {N(Median(runs, "hub-p50"))} ms, p99 {N(hub)} ms",
            $"a bare hub broadcast of the same size to the same clients: p50 {N(Median(runs, "hub-ref-p50"))} ms, p99 {N(Median(runs, "hub-ref-p99"))} ms",
            $"p99 {N(MedianRatio(runs, "hub-p99", "hub-ref-p99"), "F1")}×", hub <= 1000));
        var rate = Median(runs, "ingest-rate");
        var lag = Median(runs, "ingest-lag-p99");
        figures.Add(new Figure("sustained verdict ingest (offered at 500/s)", "≥ 500 verdicts/s, recompute lag p99 ≤ 2 s", "ingest",
            $"{N(rate)} verdicts/s; lag p50 {N(Median(runs, "ingest-lag-p50"))} ms, p99 {N(lag)} ms; `POST` p99 {N(Median(runs, "ingest-post-p99"))} ms",
            "—", "—", rate >= 500 && lag <= 2000));
        var peak = runs.Max(r => r.Values["rss-peak"]);
        figures.Add(new Figure("server memory at 1M claims (VmHWM over the whole run)", "≤ 400 MB RSS", "all parts",
            $"peak {N(peak)} MB (highest run); after start {N(Median(runs, "rss-start"))} MB, at the end {N(Median(runs, "rss-end"))} MB",
            "—", "—", peak <= 400));
        return figures;
    }

    private static string Render(ScaleOptions scale, GeneratedData data, List<ScaleRun> runs, List<MicroResult> micro, string[] small, string notes,
        DateTimeOffset started, TimeSpan total, string load, string machine, int smallVerdicts, int smallRuns)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("<!-- Generated by `dotnet run -c Release --project tests/Reliability.Benchmarks -- all`; do not edit by hand.");
        md.AppendLine("     Hand-written findings belong in docs/benchmarks-notes.md, which is copied into the end of this file. -->");
        md.AppendLine();
        md.AppendLine("""
            Every figure here comes from `tests/Reliability.Benchmarks`, run against the real server binary (and the bot's) as
            their own processes on loopback, Release build, SQLite. Each figure stands next to a **reference measured in the same
            run, in the same server process**: the least the same path could cost (a constant JSON body of the same size, one raw
            SQL aggregate, a bare hub broadcast, the bot's API calls alone), so the ratio says how much is our own work. These
            machines are shared: absolute numbers move with what else runs, ratios much less.
            """);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**This run:** {started:yyyy-MM-dd HH:mm} UTC; the whole `all` command took **{total:m\\:ss}** (min:s, timed inside it; `dotnet run` adds its build check, a few seconds when up to date). ");
        md.AppendLine(CultureInfo.InvariantCulture, $"**Machine:** {machine}; load average when it started: {load}.");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("dotnet run -c Release --project tests/Reliability.Benchmarks -- all     # everything below, and rewrites this file");
        md.AppendLine("```");
        md.AppendLine();

        md.AppendLine(CultureInfo.InvariantCulture, $"## Targets at {scale.Sources:N0} sources / {scale.Claims:N0} claims (SQLite), median of {runs.Count} runs");
        md.AppendLine();
        md.AppendLine("| path | target | measured | reference (same runs) | ratio | |");
        md.AppendLine("|---|---|---|---|---|---|");
        var figures = Figures(runs);
        foreach (var f in figures)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Path} | {f.Target} | {f.Measured} | {f.Reference} | {f.Ratio} | {(f.Pass ? "**pass**" : "**miss**")} |");
        md.AppendLine();
        md.AppendLine("Each row comes from one part of the `scale` scenario; to reproduce one alone:");
        md.AppendLine();
        md.AppendLine("```sh");
        foreach (var part in new[] { "sources", "bot", "recompute", "hub", "ingest" })
            md.AppendLine(scale.Command(part));
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            How each is measured (one server process per run, on a fresh copy of the generated database, every part in turn):

            - **Sources**: a closed-loop load of our own (64 workers over HttpClient, one connection each, anonymous like the
              board) — {scale.Warmup.TotalSeconds:0.#} s warm-up, then {scale.Window.TotalSeconds:0.#} s measured — over 200 requests: searches for
              the exact name of a random source (what the bot and autocomplete send) and reads of random source ids. The reference
              is `GET /api/benchmarks/reference/json?bytes=N`, the same request list answered with a constant body as long as the
              real answer to each request, under the same read policy.
            - **Bot**: the bot binary started against this server; signed `/reliability <name>` interactions for random
              sources from 32 workers. Reference: the API calls that answer makes (search, last score change, its verdicts),
              from 32 workers on the benchmark's client.
            - **Recompute**: `POST /api/jobs/recompute-all` (admin) until `GET /api/jobs` shows an empty queue, polled every
              20 ms; the Quartz drain job does the work, 200 requests per transaction. Reference: `POST
              /api/benchmarks/reference/aggregate`, one SQL statement over every claim computing the same per-source counts
              (claims by latest verdict, echoes taking their origin's one level deep, open claims, stated-confidence errors),
              without decay weights or interval quantiles.
            - **Hub**: {scale.HubClients:N0} SignalR clients (WebSockets) connected to `/hubs/board`; {scale.HubVerdicts} verdicts one after
              another, each on its own random open claim, each timed from sending the `POST` until the last client has the
              `ScoreChanged` it caused. Reference: `POST /api/benchmarks/reference/broadcast`, a bare
              `Clients.All.SendAsync` of a payload as large as the `ScoreChanged` event, timed the same way.
            - **Ingest**: verdicts offered open-loop at {scale.IngestRate}/s for {scale.IngestWindow.TotalSeconds:0} s (up to 256 in flight), each
              on its own open claim; the lag is from sending the `POST` until a board client receives its `VerdictRecorded`
              event, which goes out after the recompute the verdict caused has committed. The rate is verdicts accepted per
              second of sending.
            - **Memory**: `VmRSS` / `VmHWM` of the server process from `/proc/<pid>/status`.
            """);
        md.AppendLine();
        md.AppendLine("### Every run");
        md.AppendLine();
        md.AppendLine("| value | " + string.Join(" | ", runs.Select((_, i) => $"run {i + 1}")) + " | median |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", runs.Count)) + "---|");
        foreach (var key in runs[0].Values.Keys)
        {
            if (!runs.All(r => r.Values.ContainsKey(key))) continue;
            md.AppendLine($"| {key} ({Unit(key)}) | " + string.Join(" | ", runs.Select(r => N(r.Values[key], "0.#"))) + $" | {N(Median(runs, key), "0.#")} |");
        }
        md.AppendLine();

        md.AppendLine("### The generated data");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            `dotnet run -c Release --project tests/Reliability.Benchmarks -- generate --sources {scale.Sources} --claims {scale.Claims} --seed {scale.Seed}`
            writes the same database for the same seed: {data.Sources:N0} sources, {data.Claims:N0} claims, {data.Verdicts:N0} verdicts,
            {data.Echoes:N0} echoes. A source's share of the claims falls as 1/rank (Zipf), so the busiest source has about
            {100.0 / Harmonic(scale.Sources):F0}% of all claims and the top 1% of sources about {100.0 * Harmonic(scale.Sources / 100) / Harmonic(scale.Sources):F0}%; the ranks are shuffled over the ids.
            About 45% of claims have a verdict (a tenth of those a later, superseding one), 40% a stated confidence, 3% echo an
            earlier claim. The schema is the server's own (`db migrate`); rows go in through prepared INSERTs in one transaction
            ({data.GenerateSeconds:F1} s when generated), then `jobs recompute-all` scores every source ({data.RecomputeSeconds:F1} s, CLI
            process start included). The file is cached under the temp folder by seed, sizes and latest migration, and every run
            works on a fresh copy{(data.FromCache ? " (this run reused the cache)" : "")}.
            """);
        md.AppendLine();

        md.AppendLine("## Pure code (BenchmarkDotNet)");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("dotnet run -c Release --project tests/Reliability.Benchmarks -- micro");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("A short in-process job (3 warm-up and 5 measured iterations) so it fits the budget; the error column is the 99.9% confidence half-width.");
        md.AppendLine();
        md.AppendLine("| benchmark | mean | ± error | allocated per call |");
        md.AppendLine("|---|---|---|---|");
        foreach (var m in micro)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Describe(m.Name)} | {Us(m.MeanUs)} | {Us(m.ErrorUs)} | {(m.AllocatedBytes is { } b ? $"{b:N0} B" : "—")} |");
        md.AppendLine();

        md.AppendLine("## Latency on a small, idle database");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The first scenarios (one client, one request at a time, fresh empty database per run); in `all` with `--verdicts {smallVerdicts} --runs {smallRuns}` (`bot-latency` with twice as many interactions).");
        md.AppendLine();
        foreach (var section in small)
        {
            md.AppendLine(section.Trim());
            md.AppendLine();
        }

        if (!string.IsNullOrWhiteSpace(notes))
        {
            md.AppendLine(notes.Trim());
            md.AppendLine();
        }
        return md.ToString();
    }

    private static double Harmonic(int n) => Enumerable.Range(1, Math.Max(1, n)).Sum(r => 1.0 / r);

    private static string Describe(string name) => name switch
    {
        _ when name.StartsWith("Score", StringComparison.Ordinal) => $"`ReliabilityModel.Score`, one source {name[5..].Trim()}",
        "CheckSignature" => "bot: Ed25519 signature check of a `/reliability` interaction (`SignatureVerifier.Check`)",
        _ => name,
    };

    private static string Us(double us) => us >= 1000 ? $"{us / 1000:F2} ms" : $"{us:F2} µs";

    private static string Unit(string key) => key switch
    {
        _ when key.EndsWith("-rps", StringComparison.Ordinal) => "req/s",
        _ when key.EndsWith("-s", StringComparison.Ordinal) => "s",
        _ when key.StartsWith("rss", StringComparison.Ordinal) => "MB",
        _ when key.EndsWith("-bytes", StringComparison.Ordinal) => "B",
        "ingest-rate" => "verdicts/s",
        "bot-deferred" or "ingest-failures" or "recompute-versions" => "count",
        _ => "ms",
    };
}
