using System.Net.Http.Json;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Commands;

/// <summary>Discord rejects more than 25 choices or a name or value over 100 characters; the bot must never send either.</summary>
public sealed class AutocompleteLimitsTests(ServerApp server) : IClassFixture<ServerApp>
{
    [Fact]
    public async Task Many_long_named_matches_give_25_choices_of_at_most_100_characters_that_still_find_their_source()
    {
        using var member = server.ClientWithToken(await server.TokenAsync("analyst", "member"));
        var suffix = new string('x', 150);
        for (var i = 0; i < 30; i++)
        {
            var created = await member.PostAsJsonAsync("/api/sources", new { name = $"Longwire {i:00} {suffix}", kind = "outlet", aliases = new[] { $"LW{i:00}" } });
            created.EnsureSuccessStatusCode();
        }
        await using var bot = new BotApp(server.Address, server.BotToken);

        var response = await bot.InteractAsync(Payloads.Autocomplete("reliability", [new Opt("source", "longwire", Focused: true)]));

        var choices = response.Data().GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(25, choices.Count);
        Assert.All(choices, c =>
        {
            Assert.InRange(c.Str("name")!.Length, 1, 100);
            Assert.InRange(c.Str("value")!.Length, 1, 100);
        });
        Assert.EndsWith("…", choices[0].Str("name"), StringComparison.Ordinal);

        // A truncated value is a prefix of the real name, which the API's substring search still finds.
        var picked = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", choices[3].Str("value")!)]));
        Assert.Equal($"Longwire 03 {suffix}", picked.Embed().Str("title"));
    }
}
