using System.Globalization;

namespace Reliability.Bot.Configuration;

/// <summary>
/// Everything the bot needs to know, read once at start-up. Secrets come from configuration or the environment
/// (<c>Discord__BotToken</c>), never from the repository.
/// </summary>
public sealed record BotSettings(
    string ApplicationId,
    byte[] PublicKey,
    string BotToken,
    IReadOnlySet<string> ModeratorRoleIds,
    Uri DiscordApiBaseUrl,
    Uri ServerUrl,
    string ApiToken,
    TimeSpan DeferAfter,
    TimeSpan ApiTimeout)
{
    public const string DefaultDiscordApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>The source's page on the board, which every answer links to.</summary>
    public Uri SourcePage(int sourceId) => new(ServerUrl, $"sources/{sourceId}");

    /// <summary>Reads the settings for answering interactions; every key must be present and well formed.</summary>
    public static BotSettings Read(IConfiguration config)
    {
        var problems = new List<string>();
        var applicationId = Required(config, "Discord:ApplicationId", problems);
        var publicKeyHex = Required(config, "Discord:PublicKey", problems);
        var botToken = Required(config, "Discord:BotToken", problems);
        var moderatorRoleIds = ModeratorRoles(config);
        if (moderatorRoleIds.Count == 0) problems.Add(Missing("Discord:ModeratorRoleIds") + " (the Discord role ids allowed to run /verdict; a list, or comma-separated)");
        var serverUrl = AbsoluteUrl(config, "Reliability:ServerUrl", null, problems);
        var apiToken = Required(config, "Reliability:ApiToken", problems);
        var discordApi = AbsoluteUrl(config, "Discord:ApiBaseUrl", DefaultDiscordApiBaseUrl, problems);
        var deferAfter = Seconds(config, "Discord:DeferAfterSeconds", 2.0, max: 2.8, problems);
        var apiTimeout = Seconds(config, "Reliability:ApiTimeoutSeconds", 10.0, max: 600, problems);

        byte[] publicKey = [];
        if (publicKeyHex is not null && !TryParseKey(publicKeyHex, out publicKey))
            problems.Add("Discord:PublicKey must be the application's public key from the Developer Portal: 64 hexadecimal digits.");

        if (problems.Count > 0) throw new BotConfigurationException(problems);
        return new BotSettings(applicationId!, publicKey, botToken!, moderatorRoleIds, discordApi!, serverUrl!, apiToken!, deferAfter, apiTimeout);
    }

    /// <summary>What <c>register</c> needs: only the application and its bot token.</summary>
    public static (string ApplicationId, string BotToken, Uri DiscordApiBaseUrl) ReadForRegistration(IConfiguration config)
    {
        var problems = new List<string>();
        var applicationId = Required(config, "Discord:ApplicationId", problems);
        var botToken = Required(config, "Discord:BotToken", problems);
        var discordApi = AbsoluteUrl(config, "Discord:ApiBaseUrl", DefaultDiscordApiBaseUrl, problems);
        if (problems.Count > 0) throw new BotConfigurationException(problems);
        return (applicationId!, botToken!, discordApi!);
    }

    /// <summary>A list (<c>Discord:ModeratorRoleIds:0</c>, …) or one comma-separated string: environment variables make the latter easier.</summary>
    internal static HashSet<string> ModeratorRoles(IConfiguration config)
    {
        var section = config.GetSection("Discord:ModeratorRoleIds");
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    internal static bool TryParseKey(string hex, out byte[] key)
    {
        key = [];
        try { key = Convert.FromHexString(hex.Trim()); }
        catch (FormatException) { return false; }
        return key.Length == 32;
    }

    private static string Missing(string key) => $"{key} is not set";

    private static string? Required(IConfiguration config, string key, List<string> problems)
    {
        var value = config[key];
        if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
        problems.Add(Missing(key));
        return null;
    }

    private static Uri? AbsoluteUrl(IConfiguration config, string key, string? fallback, List<string> problems)
    {
        var value = config[key] ?? fallback;
        if (string.IsNullOrWhiteSpace(value)) { problems.Add(Missing(key)); return null; }
        // A trailing slash makes relative paths extend the base ("…/api/v10/" + "webhooks/…") instead of replacing its last segment.
        if (Uri.TryCreate(value.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
        problems.Add($"{key} must be an absolute http(s) URL, not '{value}'.");
        return null;
    }

    private static TimeSpan Seconds(IConfiguration config, string key, double fallback, double max, List<string> problems)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromSeconds(fallback);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= max)
            return TimeSpan.FromSeconds(seconds);
        problems.Add($"{key} must be a number of seconds above 0 and at most {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        return TimeSpan.FromSeconds(fallback);
    }
}

/// <summary>Start-up stops with this: it lists every missing or malformed key at once, and how to set them.</summary>
public sealed class BotConfigurationException(IReadOnlyList<string> problems) : Exception(Describe(problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<string> problems) =>
        "The bot cannot start; its configuration is incomplete:\n" + string.Join('\n', problems.Select(p => $"  - {p}")) +
        "\nSet them in appsettings, user secrets or the environment (':' becomes '__', e.g. Discord__BotToken).";
}
