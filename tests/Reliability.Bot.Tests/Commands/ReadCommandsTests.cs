using System.Text.Json;
using Reliability.Bot.Commands;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Commands;

/// <summary>
/// The read-only commands against the real server with its demo data: each answer is checked against what the
/// server's API says, so the bot cannot drift from the source of truth.
/// </summary>
public sealed class ReadCommandsTests(ServerApp server) : IClassFixture<ServerApp>
{
    private BotApp NewBot() => new(server.Address, server.BotToken);

    [Fact]
    public async Task Reliability_answers_an_embed_with_grade_interval_counts_calibration_last_change_and_board_link()
    {
        await using var bot = NewBot();
        var source = await server.SourceNamedAsync("U.S. Central Command");
        var score = source.GetProperty("score");
        var id = source.GetProperty("id").GetInt32();

        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "U.S. Central Command")]));

        Assert.Equal(4, response.CallbackType());
        Assert.False(response.IsEphemeral());
        Assert.Equal(0, response.Data().GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embed = response.Embed();
        Assert.Equal("U.S. Central Command", embed.Str("title"));
        Assert.Equal(new Uri(server.Address, $"/sources/{id}").ToString(), embed.Str("url"));
        Assert.Contains($"**{score.GetProperty("grade").GetString()}**", embed.Field("Grade"), StringComparison.Ordinal);
        Assert.Contains(Text.Percent(score.GetProperty("reliability").GetDouble()), embed.Field("Reliability"), StringComparison.Ordinal);
        Assert.Contains($"90% interval {Text.Percent(score.GetProperty("lower").GetDouble())}–{Text.Percent(score.GetProperty("upper").GetDouble())}",
            embed.Field("Reliability"), StringComparison.Ordinal);
        Assert.Contains($"{score.GetProperty("confirmed").GetInt32()} confirmed · {score.GetProperty("refuted").GetInt32()} refuted", embed.Field("Record"), StringComparison.Ordinal);
        Assert.Contains($"{score.GetProperty("open").GetInt32()} open", embed.Field("Record"), StringComparison.Ordinal);
        Assert.NotNull(embed.Field("Calibration"));

        var last = (await server.GetAsync($"/api/sources/{id}/history?limit=1"))[0];
        var lastChange = embed.Field("Last change")!;
        Assert.Contains(Text.Points(last.GetProperty("delta").GetDouble()), lastChange, StringComparison.Ordinal);
        Assert.Contains(Text.Cause(last.GetProperty("cause").GetString()!, last.GetProperty("causeVerdictIds").GetArrayLength()), lastChange, StringComparison.Ordinal);
        Assert.Equal($"Score version {score.GetProperty("version").GetInt32()}", embed.GetProperty("footer").Str("text")!.Split(" · ")[0]);
    }

    [Theory]
    [InlineData("centcom", "U.S. Central Command")]     // an alias, other case
    [InlineData("  A'maq ", "Amaq News Agency")]        // an alias with punctuation, padded
    [InlineData("stimson cent", "Stimson Center")]      // part of one name only
    public async Task Reliability_finds_sources_by_alias_or_unique_part(string typed, string expected)
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", typed)]));
        Assert.Equal(expected, response.Embed().Str("title"));
    }

    [Theory]
    [InlineData("Amaqq News", "Amaq News Agency")]
    [InlineData("Al Azaem Foundation", "Al-Azaim Foundation")]
    [InlineData("Kremlim", "Russian Presidency (Kremlin)")]
    public async Task An_unknown_name_answers_privately_with_the_closest_matches(string typed, string expected)
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", typed)]));
        Assert.Contains($"No source is called “{typed}”", response.PrivateText(), StringComparison.Ordinal);
        Assert.Contains($"**{expected}**", response.Content().Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_several_sources_share_lists_them_as_candidates()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "Islamic State")]));
        Assert.Contains("**Islamic State central media office**", response.PrivateText(), StringComparison.Ordinal);
        Assert.Contains("**Islamic State official spokesman**", response.Content(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_nothing_resembles_says_so()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "qqqqxxxx")]));
        Assert.Contains("Nothing comes close", response.PrivateText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claims_lists_the_sources_claims_newest_first_and_filters_by_status()
    {
        await using var bot = NewBot();
        var source = await server.SourceNamedAsync("U.S. Central Command");
        var id = source.GetProperty("id").GetInt32();
        var all = (await server.GetAsync($"/api/sources/{id}/claims")).EnumerateArray().ToList();
        var refuted = all.Where(c => c.GetProperty("status").GetString() == "refuted").ToList();
        Assert.NotEmpty(refuted);

        var everything = (await bot.InteractAsync(Payloads.Command("claims", [new Opt("source", "CENTCOM")]))).Embed();
        Assert.Equal("Claims by U.S. Central Command", everything.Str("title"));
        var lines = everything.Str("description")!.Split('\n');
        Assert.Equal(Math.Min(all.Count, ClaimsCommand.Shown), lines.Length);
        Assert.StartsWith($"`#{all[0].GetProperty("id").GetInt32()}`", lines[0], StringComparison.Ordinal);

        var onlyRefuted = (await bot.InteractAsync(Payloads.Command("claims", [new Opt("source", "CENTCOM"), new Opt("status", "refuted")]))).Embed();
        Assert.Equal("Refuted claims by U.S. Central Command", onlyRefuted.Str("title"));
        var refutedLines = onlyRefuted.Str("description")!.Split('\n');
        Assert.Equal(Math.Min(refuted.Count, ClaimsCommand.Shown), refutedLines.Length);
        Assert.All(refutedLines, l => Assert.Contains("**refuted**", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Claims_with_an_unknown_status_answers_privately()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("claims", [new Opt("source", "CENTCOM"), new Opt("status", "false")]));
        Assert.Contains("open, confirmed, refuted, partly-true, unverifiable, retracted", response.PrivateText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_puts_two_sources_side_by_side_and_says_whether_their_intervals_separate_them()
    {
        await using var bot = NewBot();
        var a = (await server.SourceNamedAsync("Amaq News Agency")).GetProperty("score");
        var b = (await server.SourceNamedAsync("U.S. Central Command")).GetProperty("score");

        var embed = (await bot.InteractAsync(Payloads.Command("compare", [new Opt("a", "Amaq"), new Opt("b", "CENTCOM")]))).Embed();

        Assert.Equal("Amaq News Agency vs U.S. Central Command", embed.Str("title"));
        var fields = embed.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["Amaq News Agency", "U.S. Central Command"], fields.Select(f => f.Str("name")));
        Assert.All(fields, f => Assert.True(f.GetProperty("inline").GetBoolean()));
        Assert.Contains(Text.Percent(a.GetProperty("reliability").GetDouble()), fields[0].Str("value"), StringComparison.Ordinal);
        Assert.Contains(Text.Percent(b.GetProperty("reliability").GetDouble()), fields[1].Str("value"), StringComparison.Ordinal);
        var aHigher = a.GetProperty("reliability").GetDouble() > b.GetProperty("reliability").GetDouble();
        Assert.StartsWith(aHigher ? "**Amaq News Agency** is more reliable" : "**U.S. Central Command** is more reliable", embed.Str("description"), StringComparison.Ordinal);
        var (hi, lo) = aHigher ? (a, b) : (b, a);
        var overlap = hi.GetProperty("lower").GetDouble() <= lo.GetProperty("upper").GetDouble();
        Assert.Contains(overlap ? "intervals overlap" : "do not overlap", embed.Str("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_with_an_unknown_name_answers_with_its_closest_matches()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("compare", [new Opt("a", "Amaq"), new Opt("b", "Stimsen Center")]));
        Assert.Contains("**Stimson Center**", response.PrivateText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_lists_the_verdicts_that_moved_the_score_most_recently()
    {
        await using var bot = NewBot();
        var id = (await server.SourceNamedAsync("U.S. Central Command")).GetProperty("id").GetInt32();
        var moves = (await server.GetAsync($"/api/sources/{id}/history?limit=50")).EnumerateArray()
            .Where(v => v.GetProperty("causeVerdictIds").GetArrayLength() > 0).ToList();
        Assert.NotEmpty(moves);
        var newestVerdictId = moves[0].GetProperty("causeVerdictIds")[0].GetInt32();
        var newest = (await server.GetAsync($"/api/verdicts?ids={newestVerdictId}"))[0];

        var embed = (await bot.InteractAsync(Payloads.Command("why", [new Opt("source", "CENTCOM")]))).Embed();

        var fields = embed.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(Math.Min(moves.Count, WhyCommand.Changes), fields.Count);
        Assert.StartsWith(Text.Points(moves[0].GetProperty("delta").GetDouble()), fields[0].Str("name"), StringComparison.Ordinal);
        var firstValue = fields[0].Str("value")!;
        Assert.Contains($"**{newest.GetProperty("verdict").GetProperty("outcome").GetString()}**", firstValue, StringComparison.Ordinal);
        Assert.Contains($"claim #{newest.GetProperty("claimId").GetInt32()}", firstValue, StringComparison.Ordinal);
        Assert.Contains(Text.Truncate(newest.GetProperty("claimText").GetString()!, 160), firstValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_for_a_source_no_verdict_has_moved_says_so()
    {
        await using var bot = NewBot();
        string? unmoved = null;
        foreach (var source in (await server.GetAsync("/api/sources")).EnumerateArray())
        {
            var history = await server.GetAsync($"/api/sources/{source.GetProperty("id").GetInt32()}/history?limit=50");
            if (history.EnumerateArray().All(v => v.GetProperty("causeVerdictIds").GetArrayLength() == 0)) { unmoved = source.GetProperty("name").GetString(); break; }
        }
        Assert.NotNull(unmoved);

        var embed = (await bot.InteractAsync(Payloads.Command("why", [new Opt("source", unmoved)]))).Embed();
        Assert.StartsWith("No verdict has moved its score yet", embed.Str("description"), StringComparison.Ordinal);
        Assert.Equal(0, embed.GetProperty("fields").GetArrayLength());
    }

    [Fact]
    public async Task Autocomplete_suggests_sources_by_name_and_alias_from_the_api_search()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Autocomplete("reliability", [new Opt("source", "centc", Focused: true)]));
        Assert.Equal(8, response.CallbackType());
        var choices = response.Data().GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal("U.S. Central Command (CENTCOM)", choices[0].Str("name"));
        Assert.Equal("U.S. Central Command", choices[0].Str("value"));

        // The value picked from the list finds the source exactly.
        var answer = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", choices[0].Str("value")!)]));
        Assert.Equal("U.S. Central Command", answer.Embed().Str("title"));
    }

    [Fact]
    public async Task Autocomplete_with_nothing_typed_lists_sources_up_to_the_limit()
    {
        await using var bot = NewBot();
        var sources = (await server.GetAsync("/api/sources")).GetArrayLength();
        var response = await bot.InteractAsync(Payloads.Autocomplete("compare", [new Opt("a", "Amaq News Agency"), new Opt("b", "", Focused: true)]));
        Assert.Equal(Math.Min(sources, 25), response.Data().GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task Autocomplete_for_verdict_finds_claims_by_their_text()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Autocomplete("verdict", [new Opt("claim", "drone", Focused: true)]));
        var choices = response.Data().GetProperty("choices").EnumerateArray().ToList();
        Assert.NotEmpty(choices);
        Assert.All(choices, c =>
        {
            Assert.Equal(JsonValueKind.Number, c.GetProperty("value").ValueKind);
            Assert.StartsWith($"#{c.GetProperty("value").GetInt32()} · ", c.Str("name"), StringComparison.Ordinal);
            Assert.True(c.Str("name")!.Length <= 100);
        });
    }

    [Fact]
    public async Task An_unregistered_command_answers_privately()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Command("horoscope", []));
        Assert.StartsWith("The bot does not know the command /horoscope.", response.PrivateText(), StringComparison.Ordinal);
    }
}
