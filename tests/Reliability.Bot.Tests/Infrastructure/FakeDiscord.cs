using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reliability.Bot.Tests.Infrastructure;

/// <summary>A request Discord's API received: method, path under /api/v10, Authorization header, JSON body.</summary>
public sealed record DiscordCall(string Method, string Path, string? Authorization, string? UserAgent, JsonElement Body);

/// <summary>
/// Discord's REST API on loopback, as far as the bot uses it: the bulk overwrite of commands (answered with the
/// commands and ids, as Discord does) and the edit of a deferred interaction's original response.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DiscordCall> _calls = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private FakeDiscord(WebApplication app) => _app = app;

    public Uri ApiBaseUrl { get; private set; } = null!;

    public IReadOnlyList<DiscordCall> Calls => [.. _calls];

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakeDiscord(builder.Build());
        fake._app.Map("/api/v10/{**path}", fake.ReceiveAsync);
        await fake._app.StartAsync();
        fake.ApiBaseUrl = new Uri(fake._app.Urls.First() + "/api/v10");
        return fake;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context, string path)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body)
            : default;
        _calls.Enqueue(new DiscordCall(context.Request.Method, "/" + path, context.Request.Headers.Authorization, context.Request.Headers.UserAgent, body));
        _arrived.Release();

        if (context.Request.Method == "PUT" && path.EndsWith("/commands", StringComparison.Ordinal))
        {
            var commands = JsonNode.Parse(body.GetRawText())!.AsArray();
            foreach (var command in commands) command!["id"] = Payloads.NewId();
            return Results.Content(commands.ToJsonString(), "application/json");
        }
        return Results.Json(new { id = Payloads.NewId(), type = 20 });
    }

    /// <summary>Waits for a call matching <paramref name="match"/> (one already received counts).</summary>
    public async Task<DiscordCall> WaitForAsync(Func<DiscordCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (_calls.FirstOrDefault(match) is { } call) return call;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left)) throw new TimeoutException("Discord's API did not receive the expected call.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
