using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

/// <summary>
/// A signed <c>/reliability</c> interaction → the bot's answer (an embed, or a deferral): what Discord waits for, with
/// its 3-second deadline. The bot and the server each run as their own process from this project's build output; the
/// reference is the server API calls the bot makes, timed alone from the same client.
/// </summary>
internal static class BotLatency
{
    private const string SourceName = "Benchmark Wire";
    private static readonly string[] Aliases = ["BW", "Bench Wire"];

    public static async Task<string> ReportAsync(int requests, int runs)
    {
        var perRun = new List<Run>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await RunAsync(requests);
            perRun.Add(result);
            Console.Error.WriteLine($"run {run}: /reliability p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms, deferred {result.Deferred}; " +
                $"search alone p50 {result.SearchP50:F1} ms; the bot's three calls p50 {result.CallsP50:F1} ms");
        }
        string Median(Func<Run, double> measure, string format = "F1") => $"{Stats.Median(perRun.Select(measure)).ToString(format, CultureInfo.InvariantCulture)} ms";
        return $"""
            ### Discord `/reliability` → the bot's answer (idle bot and server, SQLite)

            `dotnet run -c Release --project tests/Reliability.Benchmarks -- bot-latency --verdicts {requests} --runs {runs}`

            | measure | median of {runs} runs |
            |---|---|
            | signed `POST /interactions` (`/reliability source`) → answer received, p50 | **{Median(r => r.P50)}** |
            | same, p99 (Discord's deadline 3,000 ms; the bot defers after 2,000 ms) | **{Median(r => r.P99)}** |
            | same, max | {Median(r => r.Max)} |
            | reference: `GET /api/sources?search=` alone, p50 | {Median(r => r.SearchP50)} |
            | reference: the three API calls the bot makes (search, history, verdicts), in sequence, p50 | {Median(r => r.CallsP50)} |
            | answers deferred instead of inline (all runs) | {perRun.Sum(r => r.Deferred)} of {requests * runs} |

            Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. {requests} interactions one after another per run
            (after 20 unmeasured warm-up requests), each with a fresh id and timestamp, signed with Ed25519 before its clock starts, so the time is the
            bot's: signature check, replay guard, three API calls on loopback, the embed. Times are taken at the client on loopback.
            """;
    }

    private sealed record Run(double P50, double P99, double Max, int Deferred, double SearchP50, double CallsP50);

    private static async Task<Run> RunAsync(int requests)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliability-bench", Guid.NewGuid().ToString("N"));
        var token = (await ServerProcess.RunAsync(dataDirectory, "users", "add", "discord-bot", "--role", "moderator")).Trim().Split('\n')[^1].Trim();
        var adminToken = (await ServerProcess.RunAsync(dataDirectory, "users", "add", "bench", "--role", "admin")).Trim().Split('\n')[^1].Trim();
        using var server = ServerProcess.Start(dataDirectory, out var serverAddress);
        using var api = new HttpClient { BaseAddress = serverAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        await ServerProcess.WaitHealthyAsync(api);
        var verdictIds = await SeedAsync(api);

        var secret = NewSigningKey();
        using var bot = BotProcess.Start(serverAddress, token, Convert.ToHexStringLower(secret.GeneratePublicKey().GetEncoded()), out var botAddress);
        using var discord = new HttpClient { BaseAddress = botAddress };
        await ServerProcess.WaitHealthyAsync(discord);

        var answers = new List<double>();
        var deferred = 0;
        for (var i = -20; i < requests; i++)
        {
            var (ms, type) = await AskAsync(discord, secret);
            if (i < 0) continue;
            answers.Add(ms);
            if (type == 5) deferred++;
            else if (type != 4) throw new InvalidOperationException($"unexpected interaction response type {type}");
        }

        var search = new List<double>();
        var calls = new List<double>();
        var searchPath = $"/api/sources?limit=100&search={Uri.EscapeDataString(SourceName)}";
        for (var i = -20; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            var found = await api.GetFromJsonAsync<JsonElement>(searchPath);
            var searched = clock.Elapsed.TotalMilliseconds;
            var id = found[0].GetProperty("id").GetInt32();
            await api.GetFromJsonAsync<JsonElement>($"/api/sources/{id}/history?limit=1");
            await api.GetFromJsonAsync<JsonElement>($"/api/verdicts?ids={verdictIds[^1]}");
            if (i < 0) continue;
            search.Add(searched);
            calls.Add(clock.Elapsed.TotalMilliseconds);
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return new Run(Stats.Percentile(answers, 0.50), Stats.Percentile(answers, 0.99), answers.Max(), deferred,
            Stats.Percentile(search, 0.50), Stats.Percentile(calls, 0.50));
    }

    /// <summary>A source with a record: 40 claims, half of them with verdicts, so its card has history and causes to show.</summary>
    private static async Task<List<int>> SeedAsync(HttpClient api)
    {
        var source = await VerdictLatency.PostAsync(api, "/api/sources", new { name = SourceName, kind = "outlet", aliases = Aliases });
        var sourceId = source.GetProperty("id").GetInt32();
        var verdictIds = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            var claim = await VerdictLatency.PostAsync(api, "/api/claims", new { sourceId, text = $"Benchmark claim {i}", madeAt = "2026-01-01", statedConfidence = 0.8 });
            if (i % 2 == 1) continue;
            var verdict = await VerdictLatency.PostAsync(api, $"/api/claims/{claim.GetProperty("id").GetInt32()}/verdicts",
                new { outcome = i % 3 == 0 ? "refuted" : "confirmed", note = "benchmark" });
            verdictIds.Add(verdict.GetProperty("verdict").GetProperty("id").GetInt32());
        }
        await VerdictLatency.WaitIdleAsync(api);
        return verdictIds;
    }

    internal static Ed25519PrivateKeyParameters NewSigningKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
    }

    private static long _nextId = 1_400_000_000_000_000_000;

    /// <summary>One <c>/reliability</c> as Discord sends it, signed over timestamp + body; returns the time to the answer and its type.</summary>
    internal static async Task<(double Ms, int Type)> AskAsync(HttpClient bot, Ed25519PrivateKeyParameters secret, string source = SourceName)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["application_id"] = BotProcess.ApplicationId, ["channel_id"] = "772908445358620702", ["guild_id"] = "772904309264089089", ["id"] = id,
            ["data"] = new JsonObject { ["id"] = "866818195033292850", ["name"] = "reliability", ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "source", ["value"] = source }) },
            ["member"] = new JsonObject { ["roles"] = new JsonArray(), ["user"] = new JsonObject { ["id"] = "167348773423415296", ["username"] = "bench" } },
            ["token"] = "BENCH_TOKEN_" + id, ["type"] = 2, ["version"] = 1,
        }.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(timestamp + body);
        var signer = new Ed25519Signer();
        signer.Init(true, secret);
        signer.BlockUpdate(message, 0, message.Length);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexStringLower(signer.GenerateSignature()));
        request.Headers.Add("X-Signature-Timestamp", timestamp);

        var clock = Stopwatch.StartNew();
        using var response = await bot.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ms = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the bot answered {(int)response.StatusCode}");
        return (ms, answer.GetProperty("type").GetInt32());
    }
}

/// <summary>The bot as operators run it: its own process on loopback, from this project's build output, configured through the environment.</summary>
internal sealed class BotProcess : IDisposable
{
    public const string ApplicationId = "775799577604522054";

    private readonly Process _process;

    private BotProcess(Process process) => _process = process;

    public static BotProcess Start(Uri serverUrl, string apiToken, string publicKeyHex, out Uri baseAddress)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        baseAddress = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reliability.Bot.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString());
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Discord__ApplicationId"] = ApplicationId;
        info.Environment["Discord__PublicKey"] = publicKeyHex;
        info.Environment["Discord__BotToken"] = "benchmark-bot-token";
        info.Environment["Discord__ModeratorRoleIds"] = "785609923542777878";
        info.Environment["Reliability__ServerUrl"] = serverUrl.ToString();
        info.Environment["Reliability__ApiToken"] = apiToken;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BotProcess(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
