using System.Diagnostics;
using System.Net;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Commands;

/// <summary>When the server is down, slow or failing, every command still answers, briefly and privately.</summary>
public sealed class ApiFailureTests(ServerApp server) : IClassFixture<ServerApp>
{
    private static readonly string[] Commands =
    [
        Payloads.Command("reliability", [new Opt("source", "Amaq")]),
        Payloads.Command("claims", [new Opt("source", "Amaq")]),
        Payloads.Command("compare", [new Opt("a", "Amaq"), new Opt("b", "CENTCOM")]),
        Payloads.Command("why", [new Opt("source", "Amaq")]),
        Payloads.Command("verdict", [new Opt("claim", 1), new Opt("outcome", "refuted"), new Opt("note", "x")], [Payloads.ModeratorRole]),
    ];

    [Fact]
    public async Task With_the_server_down_every_command_answers_a_short_private_message()
    {
        await using var bot = new BotApp(Loopback.ClosedPort(), "rel_any");
        foreach (var command in Commands)
        {
            var response = await bot.InteractAsync(Fresh(command));
            Assert.Equal("The reliability server is not reachable right now. Try again later.", response.PrivateText());
        }
    }

    [Fact]
    public async Task A_server_slower_than_the_api_timeout_answers_that_it_did_not_answer_in_time()
    {
        server.Delay = TimeSpan.FromSeconds(3);
        try
        {
            await using var bot = new BotApp(server.Address, server.BotToken, settings: new Dictionary<string, string?> { ["Reliability:ApiTimeoutSeconds"] = "0.3" });
            var clock = Stopwatch.StartNew();
            var response = await bot.InteractAsync(Fresh(Commands[0]));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
            Assert.Equal("The reliability server did not answer in time. Try again in a moment.", response.PrivateText());
        }
        finally { server.Delay = TimeSpan.Zero; }
    }

    [Fact]
    public async Task A_server_error_answers_a_short_private_message_with_its_status()
    {
        server.FailWith = HttpStatusCode.ServiceUnavailable;
        try
        {
            await using var bot = new BotApp(server.Address, server.BotToken);
            var response = await bot.InteractAsync(Fresh(Commands[3]));
            Assert.Equal("The reliability server failed (503). Try again later.", response.PrivateText());
        }
        finally { server.FailWith = null; }
    }

    [Fact]
    public async Task Autocomplete_with_the_server_down_or_slow_answers_no_choices_in_time()
    {
        await using (var down = new BotApp(Loopback.ClosedPort(), "rel_any"))
        {
            var response = await down.InteractAsync(Payloads.Autocomplete("reliability", [new Opt("source", "am", Focused: true)]));
            Assert.Equal(8, response.CallbackType());
            Assert.Equal(0, response.Data().GetProperty("choices").GetArrayLength());
        }

        server.Delay = TimeSpan.FromSeconds(2);
        try
        {
            await using var slow = new BotApp(server.Address, server.BotToken, settings: new Dictionary<string, string?> { ["Discord:DeferAfterSeconds"] = "0.3" });
            var clock = Stopwatch.StartNew();
            var response = await slow.InteractAsync(Payloads.Autocomplete("reliability", [new Opt("source", "am", Focused: true)]));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"answered after {clock.Elapsed}");
            Assert.Equal(0, response.Data().GetProperty("choices").GetArrayLength());
        }
        finally { server.Delay = TimeSpan.Zero; }
    }

    /// <summary>The same command with a new interaction id (ids are single-use).</summary>
    private static string Fresh(string payload)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(payload)!;
        node["id"] = Payloads.NewId();
        return node.ToJsonString();
    }
}
