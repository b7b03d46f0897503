using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

/// <summary>Sizes and durations of one at-scale run; small values for development, the defaults for the report.</summary>
internal sealed record ScaleOptions(int Seed, int Sources, int Claims, int Runs, TimeSpan Warmup, TimeSpan Window, int HubClients, int HubVerdicts,
    int IngestRate, TimeSpan IngestWindow, HashSet<string> Parts)
{
    public string Command(string part) => $"dotnet run -c Release --project tests/Reliability.Benchmarks -- scale --only {part} --sources {Sources} --claims {Claims} --runs {Runs}";
}

/// <summary>Everything one at-scale run measured, by figure name: the measured value and its reference (when it has one).</summary>
internal sealed class ScaleRun
{
    public Dictionary<string, double> Values { get; } = [];

    public void Add(string name, double value) => Values[name] = value;
}

/// <summary>
/// The paths a user waits on, against the real server process on a generated database (<see cref="DataGenerator"/>),
/// each next to a reference measured in the same process in the same run (<c>Benchmarks:ReferenceEndpoints=true</c>).
/// </summary>
internal static class AtScale
{
    public static async Task<List<ScaleRun>> RunAsync(ScaleOptions options)
    {
        var data = await DataGenerator.EnsureAsync(options.Seed, options.Sources, options.Claims);
        var runs = new List<ScaleRun>();
        for (var i = 1; i <= options.Runs; i++)
        {
            var run = await RunOnceAsync(data, options, i);
            runs.Add(run);
            Console.Error.WriteLine($"scale run {i}: " + string.Join(", ", run.Values.Select(v => $"{v.Key} {v.Value:F1}")));
        }
        return runs;
    }

    private static async Task<ScaleRun> RunOnceAsync(GeneratedData data, ScaleOptions options, int runNumber)
    {
        var run = new ScaleRun();
        var dataDirectory = DataGenerator.CopyToNewDataDirectory(data);
        var openClaims = OpenClaims(Path.Combine(dataDirectory, "reliability.db"), options.Seed + runNumber);
        using var server = ServerProcess.Start(dataDirectory, out var baseAddress, "--Benchmarks:ReferenceEndpoints", "true");
        using var api = LoadDriver.Client(baseAddress, 64, data.Token);
        using var anonymous = LoadDriver.Client(baseAddress, 64);
        await ServerProcess.WaitHealthyAsync(api);
        await VerdictLatency.WaitIdleAsync(api);
        run.Add("rss-start", Memory(server.Id).RssMb);

        var parts = new (string Name, Func<Task> Measure)[]
        {
            ("sources", () => SourcesLoadAsync(anonymous, options, data, run)),
            ("recompute", () => RecomputeAsync(api, run)),
            ("bot", () => BotLoadAsync(baseAddress, api, options, data, run)),
            ("hub", () => HubFanOutAsync(baseAddress, api, options, openClaims, run)),
            ("ingest", () => IngestAsync(baseAddress, api, options, openClaims, run)),
        };
        foreach (var (name, measure) in parts.Where(p => options.Parts.Contains(p.Name)))
        {
            var clock = Stopwatch.StartNew();
            await measure();
            Console.Error.WriteLine($"  {name} took {clock.Elapsed.TotalSeconds:F1} s");
        }

        var memory = Memory(server.Id);
        run.Add("rss-end", memory.RssMb);
        run.Add("rss-peak", memory.HwmMb);
        server.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return run;
    }

    /// <summary>VmRSS and VmHWM (peak) of a process, in MB, from /proc.</summary>
    public static (double RssMb, double HwmMb) Memory(int pid)
    {
        double Read(string key) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>Open claims that echo nothing, in a seeded random order: each verdict the benchmark records goes on its own one.</summary>
    private static Queue<int> OpenClaims(string file, int seed)
    {
        var ids = new List<int>();
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id FROM Claims WHERE VerdictVersion = 0 AND RepeatsClaimId IS NULL";
            using var reader = command.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetInt32(0));
        }
        var random = new Random(seed);
        return new Queue<int>(ids.OrderBy(_ => random.Next()).Take(20_000));
    }

    // ---------- GET /api/sources?search= and /api/sources/{id} at 64 concurrent, against a constant body of the same size ----------

    private static async Task SourcesLoadAsync(HttpClient api, ScaleOptions options, GeneratedData data, ScaleRun run)
    {
        var random = new Random(options.Seed);
        var searches = Enumerable.Range(0, 200).Select(_ => random.Next(1, data.Sources + 1))
            .Select(id => $"/api/sources?search={Uri.EscapeDataString(DataGenerator.SourceName(id, options.Seed))}").ToList();
        var gets = Enumerable.Range(0, 200).Select(_ => $"/api/sources/{random.Next(1, data.Sources + 1)}").ToList();
        foreach (var (name, paths) in new[] { ("search", searches), ("get", gets) })
        {
            // The reference answers each request with a constant body as long as the real answer to it.
            var references = new List<string>();
            foreach (var path in paths)
                references.Add($"/api/benchmarks/reference/json?bytes={(await api.GetByteArrayAsync(path)).Length}");
            var reference = await LoadDriver.GetAsync(api, references, 64, options.Warmup, options.Window);
            var measured = await LoadDriver.GetAsync(api, paths, 64, options.Warmup, options.Window);
            run.Add($"{name}-rps", measured.PerSecond);
            run.Add($"{name}-p50", measured.P50);
            run.Add($"{name}-p99", measured.P99);
            run.Add($"{name}-ref-rps", reference.PerSecond);
            run.Add($"{name}-ref-p99", reference.P99);
            run.Add($"{name}-bytes", references.Average(r => int.Parse(r[(r.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)));
        }
    }

    // ---------- full recompute of every source, against one raw SQL aggregate of the same counts ----------

    private static async Task RecomputeAsync(HttpClient api, ScaleRun run)
    {
        var clock = Stopwatch.StartNew();
        (await api.PostAsync("/api/jobs/recompute-all", null)).EnsureSuccessStatusCode();
        for (var i = 0; ; i++)
        {
            var jobs = await api.GetFromJsonAsync<JsonElement>("/api/jobs");
            if (jobs.GetProperty("queueDepth").GetInt32() == 0) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("recompute-all did not finish within 3 minutes");
            await Task.Delay(20);
        }
        run.Add("recompute-s", clock.Elapsed.TotalSeconds);
        var runs = (await api.GetFromJsonAsync<JsonElement>("/api/jobs")).GetProperty("lastRuns").EnumerateArray()
            .TakeWhile(r => r.GetProperty("job").GetString() == "recompute").ToList();
        run.Add("recompute-versions", runs.Sum(r => r.GetProperty("versionsStored").GetInt32()));

        clock.Restart();
        var response = await api.PostAsync("/api/benchmarks/reference/aggregate", null);
        response.EnsureSuccessStatusCode();
        run.Add("recompute-ref-s", clock.Elapsed.TotalSeconds);
    }

    // ---------- the bot's /reliability at 32 concurrent, against the same API calls alone ----------

    private static async Task BotLoadAsync(Uri serverAddress, HttpClient api, ScaleOptions options, GeneratedData data, ScaleRun run)
    {
        var secret = BotLatency.NewSigningKey();
        using var bot = BotProcess.Start(serverAddress, data.Token, Convert.ToHexStringLower(secret.GeneratePublicKey().GetEncoded()), out var botAddress);
        using var discord = LoadDriver.Client(botAddress, 32);
        await ServerProcess.WaitHealthyAsync(discord);
        var random = new Random(options.Seed + 1);
        var names = Enumerable.Range(0, 200).Select(_ => DataGenerator.SourceName(random.Next(1, data.Sources + 1), options.Seed)).ToList();

        var deferred = 0;
        var answers = await LoadDriver.RunAsync(32, options.Warmup, options.Window, async (_, n) =>
        {
            var (_, type) = await BotLatency.AskAsync(discord, secret, names[(int)(n % names.Count)]);
            if (type == 5) Interlocked.Increment(ref deferred);
        });
        // The reference: the calls the bot makes for that answer (search, the last score change, its verdicts if any), from here.
        var calls = await LoadDriver.RunAsync(32, options.Warmup, options.Window, async (_, n) =>
        {
            var found = await api.GetFromJsonAsync<JsonElement>($"/api/sources?limit=100&search={Uri.EscapeDataString(names[(int)(n % names.Count)])}");
            var id = found[0].GetProperty("id").GetInt32();
            var history = await api.GetFromJsonAsync<JsonElement>($"/api/sources/{id}/history?limit=1");
            var causes = history[0].GetProperty("causeVerdictIds").EnumerateArray().Take(3).Select(v => v.GetInt32()).ToList();
            if (causes.Count > 0) await api.GetFromJsonAsync<JsonElement>($"/api/verdicts?ids={string.Join(',', causes)}");
        });
        run.Add("bot-p50", answers.P50);
        run.Add("bot-p99", answers.P99);
        run.Add("bot-rps", answers.PerSecond);
        run.Add("bot-deferred", deferred);
        run.Add("bot-ref-p50", calls.P50);
        run.Add("bot-ref-p99", calls.P99);
    }

    // ---------- verdict → ScoreChanged at the last of N hub clients, against a bare broadcast to the same clients ----------

    private static async Task HubFanOutAsync(Uri baseAddress, HttpClient api, ScaleOptions options, Queue<int> openClaims, ScaleRun run)
    {
        var clock = Stopwatch.StartNew();
        // Per verdict (or reference broadcast id): how many clients have it, and when the last one got it.
        var scored = new ConcurrentDictionary<int, Arrivals>();
        var broadcast = new ConcurrentDictionary<long, Arrivals>();
        var eventBytes = 0;
        var clients = new List<HubConnection>();
        try
        {
            using var gate = new SemaphoreSlim(32);
            var connecting = Enumerable.Range(0, options.HubClients).Select(async _ =>
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(baseAddress, "/hubs/board"), o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                    .Build();
                hub.ServerTimeout = TimeSpan.FromMinutes(2);
                var seen = new HashSet<int>();
                hub.On<JsonElement>("ScoreChanged", e =>
                {
                    var at = clock.Elapsed.TotalMilliseconds;
                    eventBytes = Math.Max(eventBytes, e.GetRawText().Length);
                    foreach (var id in e.GetProperty("causeVerdictIds").EnumerateArray())
                        lock (seen) if (seen.Add(id.GetInt32())) scored.GetOrAdd(id.GetInt32(), _ => new Arrivals()).Arrive(at);
                });
                hub.On<JsonElement>("BenchmarkReference", e =>
                    broadcast.GetOrAdd(e.GetProperty("id").GetInt64(), _ => new Arrivals()).Arrive(clock.Elapsed.TotalMilliseconds));
                await gate.WaitAsync();
                try { await hub.StartAsync(); }
                finally { gate.Release(); }
                lock (clients) clients.Add(hub);
            }).ToList();
            await Task.WhenAll(connecting);
            run.Add("hub-connect-s", clock.Elapsed.TotalSeconds);

            var toLast = new List<double>();
            for (var i = -3; i < options.HubVerdicts; i++)
            {
                var sent = clock.Elapsed.TotalMilliseconds;
                var verdict = await VerdictLatency.PostAsync(api, $"/api/claims/{openClaims.Dequeue()}/verdicts", new { outcome = i % 2 == 0 ? "confirmed" : "refuted", note = "benchmark" });
                var arrivals = scored.GetOrAdd(verdict.GetProperty("verdict").GetProperty("id").GetInt32(), _ => new Arrivals());
                var last = await arrivals.WaitAsync(options.HubClients, TimeSpan.FromSeconds(30));
                if (i >= 0) toLast.Add(last - sent);
            }
            var reference = new List<double>();
            for (var i = -3; i < options.HubVerdicts; i++)
            {
                var arrivals = broadcast.GetOrAdd(i + 1000, _ => new Arrivals());
                var sent = clock.Elapsed.TotalMilliseconds;
                (await api.PostAsync($"/api/benchmarks/reference/broadcast?id={i + 1000}&bytes={Math.Max(eventBytes, 16)}", null)).EnsureSuccessStatusCode();
                var last = await arrivals.WaitAsync(options.HubClients, TimeSpan.FromSeconds(30));
                if (i >= 0) reference.Add(last - sent);
            }
            run.Add("hub-p50", Stats.Percentile(toLast, 0.5));
            run.Add("hub-p99", Stats.Percentile(toLast, 0.99));
            run.Add("hub-ref-p50", Stats.Percentile(reference, 0.5));
            run.Add("hub-ref-p99", Stats.Percentile(reference, 0.99));
            run.Add("hub-event-bytes", eventBytes);
        }
        finally
        {
            await Task.WhenAll(clients.Select(async c => await c.DisposeAsync()));
        }
    }

    /// <summary>Counts the clients an event reached and remembers when the last one got it.</summary>
    private sealed class Arrivals
    {
        private int _count;
        private double _last;
        private readonly TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected = int.MaxValue;

        public void Arrive(double at)
        {
            lock (this)
            {
                _count++;
                _last = Math.Max(_last, at);
                if (_count >= _expected) _changed.TrySetResult();
            }
        }

        public async Task<double> WaitAsync(int clients, TimeSpan timeout)
        {
            lock (this)
            {
                _expected = clients;
                if (_count >= clients) return _last;
            }
            try { await _changed.Task.WaitAsync(timeout); }
            catch (TimeoutException) { throw new TimeoutException($"only {_count} of {clients} clients received the event within {timeout.TotalSeconds} s"); }
            lock (this) return _last;
        }
    }

    // ---------- sustained verdict ingest: a fixed rate for a fixed window, and the lag until each verdict's recompute committed ----------

    private static async Task IngestAsync(Uri baseAddress, HttpClient api, ScaleOptions options, Queue<int> openClaims, ScaleRun run)
    {
        var clock = Stopwatch.StartNew();
        var recorded = new ConcurrentDictionary<int, double>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/board"), o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        hub.ServerTimeout = TimeSpan.FromMinutes(2);
        // verdict-recorded goes out after the recompute the verdict caused has committed, in the same feed.
        hub.On<JsonElement>("VerdictRecorded", e =>
            recorded.TryAdd(e.GetProperty("verdict").GetProperty("verdict").GetProperty("id").GetInt32(), clock.Elapsed.TotalMilliseconds));
        await hub.StartAsync();

        var total = (int)(options.IngestRate * options.IngestWindow.TotalSeconds);
        var claims = Enumerable.Range(0, total).Select(_ => openClaims.Dequeue()).ToArray();
        var sentAt = new double[total];
        var verdictOf = new int[total];
        var postMs = new double[total];
        var failures = 0;
        using var inFlight = new SemaphoreSlim(256);
        var tasks = new List<Task>(total);
        var begin = clock.Elapsed.TotalMilliseconds;
        // Bounded: sending stops at 1.5× the window even when the server has fallen behind (what was not sent is not counted).
        var stopAt = begin + options.IngestWindow.TotalMilliseconds * 1.5;
        for (var i = 0; i < total && clock.Elapsed.TotalMilliseconds < stopAt; i++)
        {
            // Open loop: verdict i is due at i / rate; a slow server makes the sender fall behind, which shows as a lower rate.
            var due = begin + i * 1000.0 / options.IngestRate;
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait));
            await inFlight.WaitAsync();
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    sentAt[index] = clock.Elapsed.TotalMilliseconds;
                    using var response = await api.PostAsJsonAsync($"/api/claims/{claims[index]}/verdicts", new { outcome = index % 3 == 0 ? "refuted" : "confirmed", note = "ingest" });
                    postMs[index] = clock.Elapsed.TotalMilliseconds - sentAt[index];
                    if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failures); return; }
                    verdictOf[index] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetProperty("id").GetInt32();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally { inFlight.Release(); }
            }));
        }
        await Task.WhenAll(tasks);
        var accepted = clock.Elapsed.TotalMilliseconds - begin;
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(20);
        while (verdictOf.Any(v => v != 0 && !recorded.ContainsKey(v)) && clock.Elapsed < deadline) await Task.Delay(50);
        var lags = Enumerable.Range(0, total).Where(i => verdictOf[i] != 0)
            .Select(i => recorded.TryGetValue(verdictOf[i], out var at) ? at - sentAt[i] : clock.Elapsed.TotalMilliseconds - sentAt[i]).ToList();
        run.Add("ingest-rate", verdictOf.Count(v => v != 0) / (accepted / 1000));
        run.Add("ingest-lag-p50", Stats.Percentile(lags, 0.5));
        run.Add("ingest-lag-p99", Stats.Percentile(lags, 0.99));
        run.Add("ingest-post-p99", Stats.Percentile([.. postMs.Where(p => p > 0)], 0.99));
        run.Add("ingest-failures", failures);
    }
}
