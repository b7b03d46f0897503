using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary><c>/claims source [status]</c>: the source's latest claims, with their standing.</summary>
public sealed class ClaimsCommand(SourceResolver sources, ReliabilityClient api, BotSettings settings) : ISlashCommand
{
    public const string CommandName = "claims";
    public const int Shown = 10;

    public string Name => CommandName;

    public async Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct)
    {
        var status = interaction.Data?.Text("status")?.ToLowerInvariant();
        if (status is not null && !ClaimStatuses.All.Contains(status))
            return InteractionMessage.Private($"Status must be one of: {string.Join(", ", ClaimStatuses.All)}.");
        var lookup = await sources.FindAsync(interaction.Data?.Text("source"), ct);
        if (lookup.Source is not { } source) return lookup.NotFoundMessage();
        var claims = await api.ClaimsOfAsync(source.Id, status, ct);
        return InteractionMessage.Public(List(source, status, claims, settings.SourcePage(source.Id)));
    }

    public static Embed List(Source source, string? status, IReadOnlyList<Claim> claims, Uri page)
    {
        var lines = claims.Take(Shown).Select(c =>
            $"`#{c.Id}` {Text.Date(c.MadeAt)} **{c.Status}**{Confidence(c)} — {Text.Truncate(c.Text, 300)}");
        var description = claims.Count == 0
            ? status is null ? "No claims recorded yet." : $"No {status} claims."
            : string.Join('\n', lines);
        return new Embed
        {
            Title = Text.Truncate(status is null ? $"Claims by {source.Name}" : $"{Capitalized(status)} claims by {source.Name}", Text.TitleLength),
            Url = page.ToString(),
            Color = Text.GradeColor(source.Score?.Grade ?? "F"),
            Description = Text.Truncate(description, Text.DescriptionLength),
            Footer = new EmbedFooter(claims.Count > Shown
                ? $"{Shown} of {claims.Count}, newest first · all of them on the board"
                : $"{claims.Count} claim{(claims.Count == 1 ? "" : "s")}, newest first"),
        };
    }

    private static string Confidence(Claim c) => c.StatedConfidence is { } p ? $" (stated {Text.Percent(p)})" : "";

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
