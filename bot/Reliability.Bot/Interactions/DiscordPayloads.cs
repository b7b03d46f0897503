using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reliability.Bot.Interactions;

/// <summary>Discord's JSON: snake_case names, numeric enums, absent fields left out.</summary>
public static class DiscordJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public enum InteractionType { Ping = 1, ApplicationCommand = 2, MessageComponent = 3, ApplicationCommandAutocomplete = 4, ModalSubmit = 5 }

public enum InteractionCallbackType { Pong = 1, ChannelMessageWithSource = 4, DeferredChannelMessageWithSource = 5, ApplicationCommandAutocompleteResult = 8 }

/// <summary>The fields of Discord's interaction object that the bot reads; the rest are ignored.</summary>
public sealed record Interaction(
    string Id, string ApplicationId, InteractionType Type, InteractionData? Data,
    string? GuildId, string? ChannelId, GuildMember? Member, DiscordUser? User, string Token, int Version)
{
    /// <summary>Who ran the command: <c>member.user</c> in a server, <c>user</c> in a DM.</summary>
    public DiscordUser? Invoker => Member?.User ?? User;

    public IReadOnlyList<string> MemberRoles => Member?.Roles ?? [];
}

public sealed record InteractionData(string Id, string Name, int Type, IReadOnlyList<InteractionOption>? Options)
{
    public InteractionOption? Option(string name) => Options?.FirstOrDefault(o => o.Name == name);

    public string? Text(string name) => Option(name)?.Value is { } v
        ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())?.Trim()
        : null;

    /// <summary>An integer option; autocomplete sends what the user typed so far, which need not be a number yet.</summary>
    public long? NumberOf(string name) => Option(name)?.Value is { } v && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    public InteractionOption? Focused => Options?.FirstOrDefault(o => o.Focused == true);
}

public sealed record InteractionOption(string Name, int Type, JsonElement? Value, IReadOnlyList<InteractionOption>? Options, bool? Focused);

public sealed record GuildMember(DiscordUser? User, IReadOnlyList<string>? Roles, string? Nick);

public sealed record DiscordUser(string Id, string Username, string? GlobalName)
{
    /// <summary>"Display (@handle, id 123)": enough for an auditor to find the person again.</summary>
    public string Describe() =>
        string.IsNullOrWhiteSpace(GlobalName) || GlobalName == Username ? $"@{Username} (id {Id})" : $"{GlobalName} (@{Username}, id {Id})";
}

/// <summary>What the endpoint answers.</summary>
public sealed record InteractionResponse(InteractionCallbackType Type, InteractionMessage? Data = null)
{
    public static InteractionResponse Pong { get; } = new(InteractionCallbackType.Pong);
    public static InteractionResponse Deferred { get; } = new(InteractionCallbackType.DeferredChannelMessageWithSource);

    public static InteractionResponse Message(InteractionMessage message) => new(InteractionCallbackType.ChannelMessageWithSource, message);

    public static InteractionResponse Choices(IReadOnlyList<CommandChoice> choices) =>
        new(InteractionCallbackType.ApplicationCommandAutocompleteResult, new InteractionMessage { Choices = choices });
}

/// <summary>A message (content, embeds, flags) or, for autocomplete, the choices. Also the body of a follow-up PATCH.</summary>
public sealed record InteractionMessage
{
    public const int EphemeralFlag = 1 << 6;

    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public int? Flags { get; init; }
    public IReadOnlyList<CommandChoice>? Choices { get; init; }

    /// <summary>Names in our data (a source called "@everyone") must never ping anyone.</summary>
    public AllowedMentions? AllowedMentions { get; init; }

    [JsonIgnore]
    public bool IsEphemeral => ((Flags ?? 0) & EphemeralFlag) != 0;

    public static InteractionMessage Public(Embed embed) => new() { Embeds = [embed], AllowedMentions = AllowedMentions.None };

    public static InteractionMessage Private(string content) =>
        new() { Content = content, Flags = EphemeralFlag, AllowedMentions = AllowedMentions.None };
}

public sealed record AllowedMentions(IReadOnlyList<string> Parse)
{
    public static AllowedMentions None { get; } = new([]);
}

/// <summary>An autocomplete choice: both name and value at most 100 characters.</summary>
public sealed record CommandChoice(string Name, object Value);

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public int? Color { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
    public EmbedFooter? Footer { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record EmbedFooter(string Text);
