using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary><c>/why source</c>: the verdicts that moved the source's score most recently, newest first.</summary>
public sealed class WhyCommand(SourceResolver sources, ReliabilityClient api, BotSettings settings) : ISlashCommand
{
    public const string CommandName = "why";

    /// <summary>Score changes shown; each lists the verdicts behind it.</summary>
    public const int Changes = 5;

    public string Name => CommandName;

    public async Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct)
    {
        var lookup = await sources.FindAsync(interaction.Data?.Text("source"), ct);
        if (lookup.Source is not { } source) return lookup.NotFoundMessage();
        var moves = (await api.HistoryAsync(source.Id, 50, ct)).Where(c => c.CauseVerdictIds.Count > 0).Take(Changes).ToList();
        var verdicts = await api.VerdictsAsync([.. moves.SelectMany(c => c.CauseVerdictIds).Distinct().Take(100)], ct);
        return InteractionMessage.Public(Explanation(source, moves, verdicts, settings.SourcePage(source.Id)));
    }

    public static Embed Explanation(Source source, IReadOnlyList<ScoreChange> moves, IReadOnlyList<VerdictWithClaim> verdicts, Uri page)
    {
        var byId = verdicts.ToDictionary(v => v.Verdict.Id);
        return new Embed
        {
            Title = Text.Truncate($"Why {source.Name} scores {(source.Score is { } s ? Text.Percent(s.Reliability) : "what it does")}", Text.TitleLength),
            Url = page.ToString(),
            Color = Text.GradeColor(source.Score?.Grade ?? "F"),
            Description = moves.Count == 0
                ? "No verdict has moved its score yet: every claim is open, unverifiable, or the source is new."
                : "The verdicts that moved its score most recently, newest first.",
            Fields = [.. moves.Select(move => new EmbedField(
                Text.Truncate($"{Text.Points(move.Delta)} on {Text.Date(move.ComputedAt)} → {Text.Percent(move.Score.Reliability)} ({move.Score.Grade})", Text.TitleLength),
                Text.Truncate(string.Join('\n', move.CauseVerdictIds.Select(id => byId.TryGetValue(id, out var v)
                    ? Text.VerdictLine(v, source.Id) + (string.IsNullOrWhiteSpace(v.Verdict.Note) ? "" : $"\n> {Text.Truncate(v.Verdict.Note.ReplaceLineEndings(" "), 200)}")
                    : $"verdict #{id}")), Text.FieldValueLength)))],
        };
    }
}
