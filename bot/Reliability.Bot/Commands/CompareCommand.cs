using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary><c>/compare a b</c>: two sources side by side, and whether their records really separate them.</summary>
public sealed class CompareCommand(SourceResolver sources, BotSettings settings) : ISlashCommand
{
    public const string CommandName = "compare";

    public string Name => CommandName;

    public async Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct)
    {
        var lookups = await Task.WhenAll(sources.FindAsync(interaction.Data?.Text("a"), ct), sources.FindAsync(interaction.Data?.Text("b"), ct));
        var (a, b) = (lookups[0], lookups[1]);
        if (a.Source is null) return a.NotFoundMessage();
        if (b.Source is null) return b.NotFoundMessage();
        return InteractionMessage.Public(SideBySide(a.Source, b.Source, settings.SourcePage));
    }

    public static Embed SideBySide(Source a, Source b, Func<int, Uri> page) => new()
    {
        Title = Text.Truncate($"{a.Name} vs {b.Name}", Text.TitleLength),
        Description = Verdict(a, b),
        Color = Text.GradeColor(new[] { a, b }.MaxBy(s => s.Score?.Reliability ?? 0)?.Score?.Grade ?? "F"),
        Fields = [Column(a, page(a.Id)), Column(b, page(b.Id))],
    };

    /// <summary>Which is more reliable, and whether the 90% intervals overlap (then the records do not clearly separate them).</summary>
    public static string Verdict(Source a, Source b)
    {
        if (a.Id == b.Id) return "That is the same source twice.";
        if (a.Score is not { } x || b.Score is not { } y) return "One of them is not scored yet.";
        if (x.Reliability.Equals(y.Reliability)) return $"Both stand at {Text.Percent(x.Reliability)}.";
        var (better, hi, lo) = x.Reliability > y.Reliability ? (a, x, y) : (b, y, x);
        var overlap = hi.Lower <= lo.Upper;
        return $"**{better.Name}** is more reliable ({Text.Percent(hi.Reliability)} vs {Text.Percent(lo.Reliability)}), " +
            (overlap
                ? "but their 90% intervals overlap: the records do not yet clearly separate them."
                : "and their 90% intervals do not overlap: the records clearly separate them.");
    }

    private static EmbedField Column(Source s, Uri page)
    {
        var body = s.Score is not { } score
            ? "Not scored yet."
            : $"{Text.Grade(score)}\n{Text.Reliability(score)}\n{Text.Record(score)}\n{Text.Calibration(score)}";
        return new EmbedField(Text.Truncate(s.Name, Text.TitleLength), Text.Truncate($"{body}\n[On the board]({page})", Text.FieldValueLength), Inline: true);
    }
}
