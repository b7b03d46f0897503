using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Bot.Commands;
using Reliability.Bot.Registration;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Registration;

public sealed partial class RegisterCommandsTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private IConfiguration Config(bool withToken = true) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Discord:ApplicationId"] = Payloads.ApplicationId,
        ["Discord:BotToken"] = withToken ? "registration-token" : null,
        ["Discord:ApiBaseUrl"] = _discord.ApiBaseUrl.ToString(),
    }).Build();

    private static async Task<(int Code, string Out, string Err)> RegisterAsync(IConfiguration config, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await RegisterCommands.RunAsync(config, ["register", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Register_bulk_overwrites_the_global_commands_as_the_bot()
    {
        var (code, output, error) = await RegisterAsync(Config());

        Assert.True(code == 0, error);
        Assert.Equal("Registered 5 commands globally: /reliability, /claims, /compare, /why, /verdict", output.Trim());
        var call = Assert.Single(_discord.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.Equal($"/applications/{Payloads.ApplicationId}/commands", call.Path);
        Assert.Equal("Bot registration-token", call.Authorization);

        var reliability = call.Body[0];
        Assert.Equal("reliability", reliability.Str("name"));
        Assert.Equal(1, reliability.GetProperty("type").GetInt32());
        var source = reliability.GetProperty("options")[0];
        Assert.Equal(3, source.GetProperty("type").GetInt32());
        Assert.True(source.GetProperty("required").GetBoolean());
        Assert.True(source.GetProperty("autocomplete").GetBoolean());

        var verdict = call.Body[4].GetProperty("options");
        Assert.Equal(["claim", "outcome", "evidence", "note"], verdict.EnumerateArray().Select(o => o.Str("name")));
        Assert.Equal(4, verdict[0].GetProperty("type").GetInt32());
        Assert.Equal(["confirmed", "refuted", "partly-true", "unverifiable", "retracted"],
            verdict[1].GetProperty("choices").EnumerateArray().Select(c => c.Str("value")));
    }

    [Fact]
    public async Task Register_with_a_guild_overwrites_that_guilds_commands_and_running_it_again_sends_the_same()
    {
        Assert.Equal(0, (await RegisterAsync(Config(), "--guild", "290926798626357999")).Code);
        Assert.Equal(0, (await RegisterAsync(Config(), "--guild", "290926798626357999")).Code);

        var calls = _discord.Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal($"/applications/{Payloads.ApplicationId}/guilds/290926798626357999/commands", c.Path));
        Assert.Equal(calls[0].Body.GetRawText(), calls[1].Body.GetRawText());
    }

    [Fact]
    public async Task Register_without_a_bot_token_or_with_bad_arguments_explains_and_fails()
    {
        var (code, _, error) = await RegisterAsync(Config(withToken: false));
        Assert.Equal(1, code);
        Assert.Contains("Discord:BotToken is not set", error, StringComparison.Ordinal);

        Assert.Equal(2, (await RegisterAsync(Config(), "--guild")).Code);
        Assert.Equal(2, (await RegisterAsync(Config(), "--guild", "not-an-id")).Code);
        Assert.Empty(_discord.Calls);
    }

    [Fact]
    public async Task A_refusal_from_discord_is_reported()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:ApplicationId"] = Payloads.ApplicationId,
            ["Discord:BotToken"] = "t",
            ["Discord:ApiBaseUrl"] = Loopback.ClosedPort().ToString(),
        }).Build();
        var (code, _, error) = await RegisterAsync(config);
        Assert.Equal(1, code);
        Assert.StartsWith("Registering the commands failed.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_definitions_keep_discords_rules()
    {
        Assert.Equal(5, CommandDefinitions.All.Count);
        foreach (var command in CommandDefinitions.All)
        {
            Assert.Matches(NamePattern(), command.Name);
            Assert.InRange(command.Description.Length, 1, 100);
            Assert.InRange(command.Options.Count, 0, 25);
            // Required options come before optional ones.
            Assert.Equal(command.Options.OrderByDescending(o => o.Required).Select(o => o.Name), command.Options.Select(o => o.Name));
            foreach (var option in command.Options)
            {
                Assert.Matches(NamePattern(), option.Name);
                Assert.InRange(option.Description.Length, 1, 100);
                Assert.False(option.Autocomplete == true && option.Choices is not null, $"{command.Name}.{option.Name}: autocomplete and choices exclude each other");
                Assert.InRange(option.Choices?.Count ?? 0, 0, 25);
            }
        }
    }

    [Fact]
    public async Task Every_registered_command_has_a_handler_and_every_autocomplete_option_is_served()
    {
        await using var bot = new BotApp(Loopback.ClosedPort(), "rel_unused");
        using var scope = bot.Services.CreateScope();
        var handled = scope.ServiceProvider.GetServices<ISlashCommand>().Select(c => c.Name).Order();
        Assert.Equal(CommandDefinitions.All.Select(c => c.Name).Order(), handled);

        var autocompleted = CommandDefinitions.All.SelectMany(c => c.Options).Where(o => o.Autocomplete == true).Select(o => o.Name).ToHashSet();
        Assert.All(autocompleted, name => Assert.True(name == "claim" || Autocomplete.SourceOptions.Contains(name), name));
    }

    [GeneratedRegex(@"^[-_'\p{Ll}\p{Lo}\p{N}]{1,32}$")]
    private static partial Regex NamePattern();
}
