using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary><c>/reliability source</c>: the source's grade, reliability, record, calibration and its last change.</summary>
public sealed class ReliabilityCommand(SourceResolver sources, ReliabilityClient api, BotSettings settings) : ISlashCommand
{
    public const string CommandName = "reliability";

    public string Name => CommandName;

    public async Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct)
    {
        var lookup = await sources.FindAsync(interaction.Data?.Text("source"), ct);
        if (lookup.Source is not { } source) return lookup.NotFoundMessage();
        var lastChange = (await api.HistoryAsync(source.Id, 1, ct)).FirstOrDefault();
        var causes = await api.VerdictsAsync([.. (lastChange?.CauseVerdictIds ?? []).Take(3)], ct);
        return InteractionMessage.Public(Card(source, lastChange, causes, settings.SourcePage(source.Id)));
    }

    public static Embed Card(Source source, ScoreChange? lastChange, IReadOnlyList<VerdictWithClaim> causes, Uri page)
    {
        var embed = new Embed
        {
            Title = Text.Truncate(source.Name, Text.TitleLength),
            Url = page.ToString(),
            Color = Text.GradeColor(source.Score?.Grade ?? "F"),
            Description = Text.Truncate(Text.About(source), Text.DescriptionLength),
        };
        if (source.Score is not { } score) return embed with { Description = embed.Description + "\nNot scored yet." };
        return embed with
        {
            Fields =
            [
                new("Grade", Text.Grade(score), Inline: true),
                new("Reliability", Text.Reliability(score), Inline: true),
                new("Record", Text.Record(score)),
                new("Calibration", Text.Calibration(score)),
                new("Last change", Text.Truncate(LastChange(lastChange, causes, source.Id), Text.FieldValueLength)),
            ],
            Footer = new EmbedFooter($"Score version {score.Version} · computed {Text.Date(score.ComputedAt)} · full history on the board"),
            Timestamp = score.ComputedAt,
        };
    }

    private static string LastChange(ScoreChange? change, IReadOnlyList<VerdictWithClaim> causes, int sourceId)
    {
        if (change is null) return "No score history yet.";
        var line = $"{Text.Points(change.Delta)} on {Text.Date(change.ComputedAt)}, after {Text.Cause(change.Cause, change.CauseVerdictIds.Count)}";
        if (causes.Count == 0) return line + ".";
        return line + ":\n" + string.Join('\n', causes.Select(v => Text.VerdictLine(v, sourceId)));
    }
}
