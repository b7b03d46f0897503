using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Registration;

/// <summary>
/// <c>dotnet run --project bot/Reliability.Bot -- register [--guild ID]</c>: registers the slash commands through
/// Discord's bulk overwrite, so running it again leaves exactly the same commands. Needs only
/// <c>Discord:ApplicationId</c> and <c>Discord:BotToken</c>.
/// </summary>
public static class RegisterCommands
{
    public const string Usage = """
        Usage:
          register               register the slash commands globally (every server the app is installed in)
          register --guild <id>  register them in one server only; they appear at once (handy for trying out)
        """;

    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] == "register";

    public static async Task<int> RunAsync(IConfiguration config, string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? guildId = null;
        if (args.Length == 3 && args[1] == "--guild" && ulong.TryParse(args[2], out _)) guildId = args[2];
        else if (args.Length != 1)
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        (string ApplicationId, string BotToken, Uri DiscordApiBaseUrl) settings;
        try { settings = BotSettings.ReadForRegistration(config); }
        catch (BotConfigurationException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }

        using var http = new HttpClient();
        DiscordApi.Configure(http, settings.DiscordApiBaseUrl, settings.BotToken);
        try
        {
            var registered = await new DiscordApi(http).OverwriteCommandsAsync(settings.ApplicationId, guildId, CommandDefinitions.All, CancellationToken.None);
            var names = registered.EnumerateArray().Select(c => "/" + c.GetProperty("name").GetString());
            await stdout.WriteLineAsync($"Registered {registered.GetArrayLength()} commands {(guildId is null ? "globally" : $"in server {guildId}")}: {string.Join(", ", names)}");
            return 0;
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"Registering the commands failed. {e.Message}");
            return 1;
        }
    }
}
