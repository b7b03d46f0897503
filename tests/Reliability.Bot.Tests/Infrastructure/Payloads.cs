using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reliability.Bot.Tests.Infrastructure;

/// <summary>An option as Discord sends it: type 3 = STRING, 4 = INTEGER.</summary>
public sealed record Opt(string Name, object Value, bool Focused = false)
{
    public int Type => Value is int or long ? 4 : 3;
}

/// <summary>
/// Interaction payloads in the shapes of Discord's documentation (the slash-command and user-command examples of
/// "Application Commands", the interaction object of "Receiving and Responding"), each with a fresh id and token.
/// </summary>
public static class Payloads
{
    public const string ApplicationId = "775799577604522054";
    public const string GuildId = "772904309264089089";
    public const string ModeratorRole = "785609923542777878";
    public const string OtherRole = "539082325061836999";

    private static long _nextId = 1_300_000_000_000_000_000;

    public static string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Ping() => new JsonObject
    {
        ["application_id"] = ApplicationId,
        ["id"] = NewId(),
        ["token"] = "PING_TOKEN_" + NewId(),
        ["type"] = 1,
        ["user"] = User(),
        ["version"] = 1,
    }.ToJsonString();

    /// <summary>A slash command run in a server by a member holding <paramref name="roles"/>.</summary>
    public static string Command(string name, IEnumerable<Opt> options, string[]? roles = null, string? token = null) =>
        Interaction(2, name, options, roles ?? [OtherRole], token, inDm: false).ToJsonString();

    /// <summary>The same command from a DM with the bot: <c>user</c> instead of <c>member</c>, no guild.</summary>
    public static string DirectMessageCommand(string name, IEnumerable<Opt> options) =>
        Interaction(2, name, options, [], null, inDm: true).ToJsonString();

    /// <summary>An autocomplete request: the focused option holds what the user has typed so far.</summary>
    public static string Autocomplete(string name, IEnumerable<Opt> options) =>
        Interaction(4, name, options, [OtherRole], null, inDm: false).ToJsonString();

    private static JsonObject Interaction(int type, string name, IEnumerable<Opt> options, string[] roles, string? token, bool inDm)
    {
        var payload = new JsonObject
        {
            ["app_permissions"] = "442368",
            ["application_id"] = ApplicationId,
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = inDm ? "0" : GuildId },
            ["channel_id"] = "772908445358620702",
            ["context"] = inDm ? 1 : 0,
            ["data"] = new JsonObject
            {
                ["id"] = "866818195033292850",
                ["name"] = name,
                ["options"] = new JsonArray([.. options.Select(Option)]),
                ["type"] = 1,
            },
            ["entitlements"] = new JsonArray(),
            ["id"] = NewId(),
            ["locale"] = "en-US",
            ["token"] = token ?? "A_UNIQUE_TOKEN_" + NewId(),
            ["type"] = type,
            ["version"] = 1,
        };
        if (inDm)
        {
            payload["user"] = User();
        }
        else
        {
            payload["guild_id"] = GuildId;
            payload["guild_locale"] = "en-US";
            payload["member"] = new JsonObject
            {
                ["avatar"] = null,
                ["deaf"] = false,
                ["is_pending"] = false,
                ["joined_at"] = "2020-11-02T20:46:57.364000+00:00",
                ["mute"] = false,
                ["nick"] = null,
                ["pending"] = false,
                ["permissions"] = "274877906943",
                ["premium_since"] = null,
                ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
                ["user"] = User(),
            };
        }
        return payload;
    }

    private static JsonNode Option(Opt o)
    {
        var node = new JsonObject { ["type"] = o.Type, ["name"] = o.Name, ["value"] = JsonSerializer.SerializeToNode(o.Value) };
        if (o.Focused) node["focused"] = true;
        return node;
    }

    private static JsonObject User() => new()
    {
        ["avatar"] = "a_f03401914fb4f3caa9037578ab980920",
        ["discriminator"] = "0",
        ["global_name"] = "Ian",
        ["id"] = "167348773423415296",
        ["public_flags"] = 1,
        ["username"] = "ian",
    };
}
