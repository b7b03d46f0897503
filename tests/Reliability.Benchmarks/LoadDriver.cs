using System.Diagnostics;
using System.Net;

/// <summary>Throughput and latency of one closed-loop load: completed requests per second and latency percentiles (ms).</summary>
internal sealed record LoadResult(double PerSecond, double P50, double P99, int Requests, int Errors);

/// <summary>
/// A closed-loop load of our own: <c>workers</c> concurrent loops, each sending its next request as soon as the last one
/// is answered; a warm-up that is not recorded, then a fixed measured window. Bounded in time (warm-up + window) and in
/// count (<see cref="MaxRequests"/>). Only requests that start and finish inside the window count.
/// </summary>
internal static class LoadDriver
{
    public const int MaxRequests = 2_000_000;

    public static async Task<LoadResult> RunAsync(int workers, TimeSpan warmup, TimeSpan window, Func<int, long, Task> send)
    {
        var clock = Stopwatch.StartNew();
        var start = warmup.TotalMilliseconds;
        var end = start + window.TotalMilliseconds;
        var perWorker = new List<double>[workers];
        var errors = 0;
        long issued = 0;
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            var latencies = perWorker[w] = new List<double>(4096);
            await Task.Yield();
            while (clock.Elapsed.TotalMilliseconds < end)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > MaxRequests) break;
                var begun = clock.Elapsed.TotalMilliseconds;
                try { await send(w, n); }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref errors) == 1) Console.Error.WriteLine($"first load error: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }
                var done = clock.Elapsed.TotalMilliseconds;
                if (begun >= start && done <= end) latencies.Add(done - begun);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        var all = perWorker.SelectMany(l => l).ToList();
        if (all.Count == 0) throw new InvalidOperationException($"no request completed in the window ({errors} errors)");
        return new LoadResult(all.Count / window.TotalSeconds, Stats.Percentile(all, 0.50), Stats.Percentile(all, 0.99), all.Count, errors);
    }

    /// <summary>GETs <paramref name="paths"/> round-robin (each worker from its own offset), reading each body whole.</summary>
    public static Task<LoadResult> GetAsync(HttpClient client, IReadOnlyList<string> paths, int workers, TimeSpan warmup, TimeSpan window) =>
        RunAsync(workers, warmup, window, async (_, n) =>
        {
            using var response = await client.GetAsync(paths[(int)(n % paths.Count)], HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{paths[(int)(n % paths.Count)]}: {(int)response.StatusCode}");
        });

    /// <summary>A client for loads: one connection per worker, kept open.</summary>
    public static HttpClient Client(Uri baseAddress, int workers, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
