using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Reliability.Bot.Configuration;

namespace Reliability.Bot.Tests.Configuration;

public class BotSettingsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Discord:ApplicationId"] = "775799577604522054",
        ["Discord:PublicKey"] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ["Discord:BotToken"] = "bot-token",
        ["Discord:ModeratorRoleIds"] = "111, 222",
        ["Reliability:ServerUrl"] = "http://reliability.internal:5080",
        ["Reliability:ApiToken"] = "rel_token",
    };

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(Complete);
        foreach (var (key, value) in changes) values[key] = value;
        return values;
    }

    [Fact]
    public void Complete_settings_are_read_with_defaults_for_the_rest()
    {
        var settings = BotSettings.Read(Config(Complete));
        Assert.Equal("775799577604522054", settings.ApplicationId);
        Assert.Equal(32, settings.PublicKey.Length);
        Assert.Equal(["111", "222"], settings.ModeratorRoleIds.Order());
        Assert.Equal(new Uri("https://discord.com/api/v10/"), settings.DiscordApiBaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.DeferAfter);
        Assert.Equal(new Uri("http://reliability.internal:5080/sources/7"), settings.SourcePage(7));
    }

    [Fact]
    public void Moderator_roles_may_be_a_configuration_list_too()
    {
        var values = With(("Discord:ModeratorRoleIds", null));
        values["Discord:ModeratorRoleIds:0"] = "333";
        values["Discord:ModeratorRoleIds:1"] = "444";
        Assert.Equal(["333", "444"], BotSettings.Read(Config(values)).ModeratorRoleIds.Order());
    }

    [Fact]
    public void A_server_url_under_a_path_keeps_its_path_for_api_calls_and_board_links()
    {
        var settings = BotSettings.Read(Config(With(("Reliability:ServerUrl", "https://example.org/reliability"))));
        Assert.Equal(new Uri("https://example.org/reliability/sources/3"), settings.SourcePage(3));
    }

    [Fact]
    public void Every_missing_key_is_named_at_once()
    {
        var error = Assert.Throws<BotConfigurationException>(() => BotSettings.Read(Config([])));
        Assert.Equal(6, error.Problems.Count);
        foreach (var key in new[] { "Discord:ApplicationId", "Discord:PublicKey", "Discord:BotToken", "Discord:ModeratorRoleIds", "Reliability:ServerUrl", "Reliability:ApiToken" })
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("Discord__BotToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Discord:PublicKey", "abc", "64 hexadecimal digits")]
    [InlineData("Discord:PublicKey", "zz5a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "64 hexadecimal digits")]
    [InlineData("Reliability:ServerUrl", "localhost:5080", "absolute http(s) URL")]
    [InlineData("Discord:DeferAfterSeconds", "3", "at most 2.8")]
    [InlineData("Reliability:ApiTimeoutSeconds", "0", "above 0")]
    [InlineData("Discord:ModeratorRoleIds", " , ", "Discord:ModeratorRoleIds is not set")]
    public void Malformed_values_are_explained(string key, string value, string expected)
    {
        var error = Assert.Throws<BotConfigurationException>(() => BotSettings.Read(Config(With((key, value)))));
        Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bot_refuses_to_start_without_its_configuration_and_says_what_is_missing()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetTempPath() };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Discord__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Reliability__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["Discord__ApplicationId"] = "775799577604522054";

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("The bot cannot start; its configuration is incomplete:", error, StringComparison.Ordinal);
        Assert.Contains("Discord:PublicKey is not set", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Discord:ApplicationId", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // a message, not a stack trace
    }
}
