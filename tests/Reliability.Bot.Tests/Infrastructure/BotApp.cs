using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Reliability.Bot.Tests.Infrastructure;

/// <summary>
/// The bot on the real ASP.NET Core pipeline (in memory), configured with a generated Discord key pair, pointed at a
/// reliability server and a fake Discord API on loopback. Its clock is a <see cref="ManualTime"/>.
/// </summary>
public sealed class BotApp(Uri serverUrl, string apiToken, Uri? discordApi = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public DiscordKeys Keys { get; } = DiscordKeys.Generate();
    public ManualTime Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Discord:ApplicationId", Payloads.ApplicationId);
        builder.UseSetting("Discord:PublicKey", Keys.PublicKeyHex);
        builder.UseSetting("Discord:BotToken", "test-bot-token");
        builder.UseSetting("Discord:ModeratorRoleIds", $"{Payloads.ModeratorRole}, 111111111111111111");
        builder.UseSetting("Discord:ApiBaseUrl", (discordApi ?? Loopback.ClosedPort()).ToString());
        builder.UseSetting("Reliability:ServerUrl", serverUrl.ToString());
        builder.UseSetting("Reliability:ApiToken", apiToken);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public string Now() => Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>POSTs <paramref name="body"/> to /interactions, signed like Discord unless the test overrides a header.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? timestamp = null, string? signature = null, bool omitSignature = false, bool omitTimestamp = false)
    {
        timestamp ??= Now();
        signature ??= Keys.Sign(timestamp, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!omitSignature) request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        if (!omitTimestamp) request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        return await CreateClient().SendAsync(request);
    }

    /// <summary>Sends a signed interaction and returns the interaction response, asserting a 200.</summary>
    public async Task<JsonElement> InteractAsync(string body)
    {
        using var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>What tests read from an interaction response.</summary>
public static class ResponseExtensions
{
    public static int CallbackType(this JsonElement response) => response.GetProperty("type").GetInt32();

    public static JsonElement Data(this JsonElement response) => response.GetProperty("data");

    public static bool IsEphemeral(this JsonElement response) =>
        response.Data().TryGetProperty("flags", out var flags) && (flags.GetInt32() & 64) != 0;

    public static string Content(this JsonElement response) => response.Data().GetProperty("content").GetString()!;

    /// <summary>Asserts an inline message only the asker sees (flags 64) and returns its text.</summary>
    public static string PrivateText(this JsonElement response)
    {
        Assert.Equal(4, response.CallbackType());
        Assert.True(response.IsEphemeral(), $"expected an ephemeral message, got {response}");
        return response.Content();
    }

    public static JsonElement Embed(this JsonElement response) => response.Data().GetProperty("embeds")[0];

    /// <summary>Every text of an embed, for "does it mention X" assertions.</summary>
    public static string AllText(this JsonElement embed) => string.Join('\n',
        new[] { embed.Str("title"), embed.Str("description"), embed.TryGetProperty("footer", out var f) ? f.Str("text") : null }
            .Concat(embed.TryGetProperty("fields", out var fields) ? fields.EnumerateArray().SelectMany(x => new[] { x.Str("name"), x.Str("value") }) : [])
            .Where(t => t is not null));

    public static string? Field(this JsonElement embed, string name) =>
        embed.GetProperty("fields").EnumerateArray().FirstOrDefault(f => f.Str("name") == name) is { ValueKind: JsonValueKind.Object } field ? field.Str("value") : null;

    public static string? Str(this JsonElement e, string property) => e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A clock that runs at real speed from a start instant and can be moved by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = global::System.Diagnostics.Stopwatch.GetTimestamp();
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => start + global::System.Diagnostics.Stopwatch.GetElapsedTime(_started) + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}

public static class Loopback
{
    /// <summary>A loopback URL where nothing listens: the "server is down" case, refused at once.</summary>
    public static Uri ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
