using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reliability.Server.Tests.Telemetry;

/// <summary>
/// An OTLP collector stand-in: Kestrel on a loopback port taking http/protobuf exports (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>) and keeping their bodies. Protobuf stores strings as raw UTF-8, so span,
/// metric and service names can be found by searching the bytes.
/// </summary>
public sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, byte[] Body)> _exports = [];

    private FakeOtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new FakeOtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (receiver._exports) receiver._exports.Add((request.Path.Value!, body.ToArray()));
            // An empty Export*ServiceResponse: full success.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>How many exports arrived at <paramref name="path"/> so far.</summary>
    public int Count(string path)
    {
        lock (_exports) return _exports.Count(e => e.Path == path);
    }

    /// <summary>Whether any export to <paramref name="path"/> contains <paramref name="text"/> as UTF-8 bytes.</summary>
    public bool Received(string path, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        lock (_exports) return _exports.Any(e => e.Path == path && e.Body.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>Waits until exports to <paramref name="path"/> have contained every one of <paramref name="texts"/>; fails naming the missing ones.</summary>
    public async Task WaitForAsync(string path, IReadOnlyCollection<string> texts, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var missing = texts.Where(t => !Received(path, t)).ToList();
            if (missing.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{Count(path)} export(s) to {path} arrived, none containing: {string.Join(", ", missing)}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
