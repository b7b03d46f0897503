using System.Diagnostics;
using System.Net;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Interactions;

/// <summary>
/// Discord's 3-second deadline: an answer not ready within the budget is deferred (type 5) and then sent by editing
/// the original response through the interaction webhook, authenticated as the bot.
/// </summary>
public sealed class DeferralTests(ServerApp server) : IClassFixture<ServerApp>, IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private BotApp NewBot() => new(server.Address, server.BotToken, _discord.ApiBaseUrl,
        new Dictionary<string, string?> { ["Discord:DeferAfterSeconds"] = "0.3" });

    [Fact]
    public async Task A_slow_answer_is_deferred_then_edited_into_the_original_response()
    {
        await using var bot = NewBot();
        server.Delay = TimeSpan.FromMilliseconds(400);
        try
        {
            var token = "DEFERRED_TOKEN_" + Payloads.NewId();
            var clock = Stopwatch.StartNew();
            var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "Amaq News Agency")], token: token));
            var answeredAfter = clock.Elapsed;

            Assert.Equal("""{"type":5}""", response.GetRawText());
            Assert.True(answeredAfter < TimeSpan.FromSeconds(1.2), $"the deferral took {answeredAfter}");

            var edit = await _discord.WaitForAsync(c => c.Path.Contains(token, StringComparison.Ordinal));
            Assert.Equal("PATCH", edit.Method);
            Assert.Equal($"/webhooks/{Payloads.ApplicationId}/{token}/messages/@original", edit.Path);
            Assert.Equal("Bot test-bot-token", edit.Authorization);
            Assert.StartsWith("DiscordBot (", edit.UserAgent, StringComparison.Ordinal);
            Assert.Equal("Amaq News Agency", edit.Body.GetProperty("embeds")[0].Str("title"));
            Assert.False(edit.Body.TryGetProperty("flags", out _));
            Assert.Equal(0, edit.Body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        }
        finally { server.Delay = TimeSpan.Zero; }
    }

    [Fact]
    public async Task A_deferred_command_whose_api_call_fails_still_tells_the_user()
    {
        await using var bot = NewBot();
        server.Delay = TimeSpan.FromMilliseconds(500);
        server.FailWith = HttpStatusCode.BadGateway;
        try
        {
            var token = "FAILING_TOKEN_" + Payloads.NewId();
            var response = await bot.InteractAsync(Payloads.Command("why", [new Opt("source", "Amaq")], token: token));
            Assert.Equal(5, response.CallbackType());

            var edit = await _discord.WaitForAsync(c => c.Path.Contains(token, StringComparison.Ordinal));
            Assert.Equal("The reliability server failed (502). Try again later.", edit.Body.Str("content"));
        }
        finally
        {
            server.Delay = TimeSpan.Zero;
            server.FailWith = null;
        }
    }

    [Fact]
    public async Task A_fast_answer_goes_inline_and_touches_no_webhook()
    {
        await using var bot = NewBot();
        var token = "INLINE_TOKEN_" + Payloads.NewId();
        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "Amaq")], token: token));
        Assert.Equal(4, response.CallbackType());
        Assert.DoesNotContain(_discord.Calls, c => c.Path.Contains(token, StringComparison.Ordinal));
    }
}
