using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests;

/// <summary>
/// The whole path as a team meets it: commands registered with Discord, Discord checking the endpoint with a PING,
/// someone autocompleting and asking about a source, a moderator recording a verdict, the server's background job
/// rescoring, and /why and /reliability telling the story, against the real server in process.
/// </summary>
public sealed class EndToEndTests(ServerApp server) : IClassFixture<ServerApp>, IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    [Fact]
    public async Task Register_ping_ask_record_a_verdict_and_see_why_the_score_moved()
    {
        await using var bot = new BotApp(server.Address, server.BotToken, _discord.ApiBaseUrl);

        // 1. The operator registers the commands; Discord then checks the endpoint with a PING.
        using (var output = new StringWriter())
        using (var errors = new StringWriter())
        {
            var config = bot.Services.GetRequiredService<IConfiguration>();
            Assert.Equal(0, await Reliability.Bot.Registration.RegisterCommands.RunAsync(config, ["register"], output, errors));
        }
        Assert.Equal("PUT", (await _discord.WaitForAsync(c => c.Path.EndsWith("/commands", StringComparison.Ordinal))).Method);
        Assert.Equal(1, (await bot.InteractAsync(Payloads.Ping())).CallbackType());

        // 2. Someone types "sunday g" and picks the suggestion.
        var choices = (await bot.InteractAsync(Payloads.Autocomplete("reliability", [new Opt("source", "sunday g", Focused: true)])))
            .Data().GetProperty("choices");
        var picked = choices[0].Str("value")!;
        var card = (await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", picked)]))).Embed();
        var source = await server.SourceNamedAsync(picked);
        var sourceId = source.GetProperty("id").GetInt32();
        Assert.Equal(picked, card.Str("title"));
        Assert.Contains(Reliability.Bot.Commands.Text.Percent(source.GetProperty("score").GetProperty("reliability").GetDouble()), card.Field("Reliability"), StringComparison.Ordinal);

        // 3. A moderator refutes one of its open claims.
        var claims = (await bot.InteractAsync(Payloads.Command("claims", [new Opt("source", picked), new Opt("status", "open")]))).Embed();
        var claimId = int.Parse(claims.Str("description")!.Split('`')[1].TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture);
        var receipt = await bot.InteractAsync(Payloads.Command("verdict",
            [new Opt("claim", claimId), new Opt("outcome", "refuted"), new Opt("evidence", "https://example.org/evidence"), new Opt("note", "Shown wrong by the inquiry.")],
            [Payloads.ModeratorRole]));
        Assert.Equal($"Claim #{claimId} is now refuted", receipt.Embed().Str("title"));
        var verdictId = (await server.GetAsync($"/api/claims/{claimId}")).GetProperty("latestVerdict").GetProperty("id").GetInt32();

        // 4. The server's background job rescores the source.
        await WaitUntilAsync(async () => (await server.GetAsync($"/api/sources/{sourceId}/history?limit=1"))[0]
            .GetProperty("causeVerdictIds").EnumerateArray().Any(v => v.GetInt32() == verdictId));

        // 5. /why and /reliability now tell the story, with the moderator's name from the audit note.
        var why = (await bot.InteractAsync(Payloads.Command("why", [new Opt("source", picked)]))).Embed();
        var newest = why.GetProperty("fields")[0].Str("value")!;
        Assert.Contains($"**refuted** — “", newest, StringComparison.Ordinal);
        Assert.Contains($"claim #{claimId}", newest, StringComparison.Ordinal);
        Assert.Contains("Shown wrong by the inquiry.", newest, StringComparison.Ordinal);
        Assert.Contains("@ian", newest, StringComparison.Ordinal);

        var after = (await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", picked)]))).Embed();
        var lastChange = after.Field("Last change")!;
        Assert.Contains("after a verdict", lastChange, StringComparison.Ordinal);
        Assert.Contains($"claim #{claimId}", lastChange, StringComparison.Ordinal);
        var rescored = await server.SourceNamedAsync(picked);
        Assert.Contains(Reliability.Bot.Commands.Text.Percent(rescored.GetProperty("score").GetProperty("reliability").GetDouble()), after.Field("Reliability"), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the server did not rescore the source in time");
            await Task.Delay(50);
        }
    }
}
