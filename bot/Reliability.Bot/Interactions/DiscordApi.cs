using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reliability.Bot.Registration;

namespace Reliability.Bot.Interactions;

/// <summary>Discord's REST API, authenticated as the application's bot: follow-ups to deferred answers, and command registration.</summary>
public sealed class DiscordApi(HttpClient http)
{
    public static void Configure(HttpClient http, Uri apiBaseUrl, string botToken)
    {
        http.BaseAddress = apiBaseUrl;
        http.Timeout = TimeSpan.FromSeconds(15);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", botToken);
        // Discord asks every client to identify itself this way.
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (reliability-bot, 1.0)");
    }

    /// <summary>Replaces the "thinking…" placeholder of a deferred answer (flags cannot change after the deferral).</summary>
    public async Task EditOriginalResponseAsync(string applicationId, string interactionToken, InteractionMessage message, CancellationToken ct)
    {
        var body = message with { Flags = null, Choices = null };
        using var response = await http.PatchAsJsonAsync(
            $"webhooks/{Uri.EscapeDataString(applicationId)}/{Uri.EscapeDataString(interactionToken)}/messages/@original", body, DiscordJson.Options, ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>
    /// Bulk overwrite: the registered commands become exactly <paramref name="commands"/>, so running it again changes
    /// nothing. Global without <paramref name="guildId"/>; one guild's (instant, for trying out) with it.
    /// </summary>
    public async Task<JsonElement> OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<CommandDefinition> commands, CancellationToken ct)
    {
        var path = guildId is null
            ? $"applications/{Uri.EscapeDataString(applicationId)}/commands"
            : $"applications/{Uri.EscapeDataString(applicationId)}/guilds/{Uri.EscapeDataString(guildId)}/commands";
        using var response = await http.PutAsJsonAsync(path, commands, DiscordJson.Options, ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(DiscordJson.Options, ct);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new HttpRequestException($"Discord answered {(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 500 ? body[..500] : body)}",
            null, response.StatusCode);
    }
}
