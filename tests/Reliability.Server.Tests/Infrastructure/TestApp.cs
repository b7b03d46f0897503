using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reliability.Server;
using Reliability.Server.Cli;
using Reliability.Server.Data;

namespace Reliability.Server.Tests.Infrastructure;

/// <summary>
/// The real server on the real HTTP pipeline with its own SQLite file, so tests run in parallel safely.
/// The clock is a <see cref="ManualTime"/> the test can move.
/// </summary>
public sealed class TestApp(bool seedDemoData = false, IDictionary<string, string?>? settings = null, string? dataDirectory = null, bool keepData = false)
    : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; } = dataDirectory ?? NewDataDirectory();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "reliability-tests", Guid.NewGuid().ToString("N"));
    public ManualTime Time { get; } = new(Start);
    public static JsonSerializerOptions JsonOptions { get; } = Json.Options;

    private bool _started;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Reliability:DataDirectory", DataDirectory);
        builder.UseSetting("Reliability:SeedDemoData", seedDemoData ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>
    /// Serves on Kestrel at a free loopback port instead of the in-memory test server, for WebSocket and browser clients.
    /// Returns the base address; <see cref="WebApplicationFactory{T}.CreateClient()"/> then talks to it over TCP.
    /// </summary>
    public Uri StartKestrel()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        ServerAddress = new Uri(address);
        ClientOptions.BaseAddress = ServerAddress;
        return ServerAddress;
    }

    /// <summary>Set by <see cref="StartKestrel"/>.</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>Runs an admin CLI command in-process against this app's database.</summary>
    public async Task<(int Code, string Out, string Err)> CliAsync(string args, string? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new AdminCli(Services, stdout, stderr, new StringReader(stdin ?? "")).RunAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Creates a user with <paramref name="role"/> through the CLI and returns its API token.</summary>
    public async Task<string> TokenForAsync(Role role, string? name = null)
    {
        name ??= $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var (code, output, error) = await CliAsync($"users add {name} --role {role.ToString().ToLowerInvariant()}");
        Assert.True(code == 0, error);
        return output.Trim().Split('\n')[^1].Trim();
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> ClientAsAsync(Role role, string? name = null) => ClientWithToken(await TokenForAsync(role, name));

    public T WithDb<T>(Func<ReliabilityDb, T> read)
    {
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<ReliabilityDb>());
    }

    /// <summary>Set by tests that leave requests failing on purpose; every other test ends with the consistency check.</summary>
    public bool SkipConsistencyCheck { get; set; }

    /// <summary>Waits until the background recompute job has drained every due request (real Quartz scheduling).</summary>
    public async Task WaitForRecomputeAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var now = Time.GetUtcNow();
        while (WithDb(db => db.RecomputeRequests.Any(r => r.FailedAt == null && r.NextAttemptAt <= now)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The recompute queue did not drain in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>Asserts that every source's stored score equals a full recompute of its record.</summary>
    public async Task AssertConsistentAsync()
    {
        await WaitForRecomputeAsync();
        using var scope = Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<Reliability.Server.Jobs.ConsistencyCheck>().RunAsync(CancellationToken.None);
        Assert.True(report.Ok, $"Stored scores differ from a full recompute: {JsonSerializer.Serialize(report, JsonOptions)}");
    }

    public override async ValueTask DisposeAsync()
    {
        // Every test that wrote something ends by proving incremental scores equal a full recompute.
        if (!SkipConsistencyCheck && _started && WithDb(db => db.Sources.Any())) await AssertConsistentAsync();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (keepData) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A clock that starts at a fixed instant and runs at real speed (the scheduler shares it and must see time pass),
/// which a test can also jump forward by hand.
/// </summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = global::System.Diagnostics.Stopwatch.GetTimestamp();
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => start + global::System.Diagnostics.Stopwatch.GetElapsedTime(_started) + _offset;

    public void Advance(TimeSpan by) => _offset += by;

    /// <summary>Jumps to <paramref name="to"/> (never backwards).</summary>
    public void Set(DateTimeOffset to)
    {
        var by = to - GetUtcNow();
        if (by > TimeSpan.Zero) _offset += by;
    }
}

public static class HttpAssertions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(TestApp.JsonOptions))!;

    /// <summary>Asserts a 400 problem whose errors name <paramref name="field"/>.</summary>
    public static async Task AssertFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var errors = doc.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got {errors}");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestApp.JsonOptions);
}
