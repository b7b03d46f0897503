using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary>
/// <c>/verdict claim outcome evidence note</c>, for members holding a moderator role. The server records it under
/// the bot's own token, so the note names the Discord user: the audit log then says who really decided.
/// </summary>
public sealed class VerdictCommand(ReliabilityClient api, BotSettings settings) : ISlashCommand
{
    public const string CommandName = "verdict";

    public string Name => CommandName;

    public async Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct)
    {
        if (!IsModerator(interaction, settings.ModeratorRoleIds) || interaction.Invoker is not { } user)
            return InteractionMessage.Private("Only members holding a moderator role can record verdicts. Ask a moderator.");
        var data = interaction.Data;
        var claimId = data?.NumberOf("claim");
        var outcome = data?.Text("outcome")?.ToLowerInvariant();
        var evidence = data?.Text("evidence");
        var note = data?.Text("note");
        if (claimId is not > 0) return InteractionMessage.Private("Give the claim's number (autocomplete finds claims by their text).");
        if (outcome is null || !Outcomes.All.Contains(outcome)) return InteractionMessage.Private($"The outcome must be one of: {string.Join(", ", Outcomes.All)}.");
        // The server demands grounds; the audit line added below must not count as them.
        if (string.IsNullOrEmpty(evidence) && string.IsNullOrEmpty(note)) return InteractionMessage.Private("Give the grounds: an evidence URL, a note, or both.");

        var recorded = await api.RecordVerdictAsync(claimId.Value, new VerdictRequest(outcome, NullIfEmpty(evidence), AuditNote(note, user)), ct);
        return InteractionMessage.Public(Receipt(recorded, user, settings.SourcePage(recorded.Claim.SourceId)));
    }

    /// <summary>Holds at least one configured moderator role. In a DM there is no member and so no role.</summary>
    public static bool IsModerator(Interaction interaction, IReadOnlySet<string> moderatorRoleIds) =>
        interaction.Member is not null && interaction.MemberRoles.Any(moderatorRoleIds.Contains);

    public static string AuditNote(string? note, DiscordUser user)
    {
        var line = $"Recorded from Discord by {user.Describe()}.";
        return string.IsNullOrWhiteSpace(note) ? line : $"{note.Trim()}\n— {line}";
    }

    public static Embed Receipt(VerdictRecorded recorded, DiscordUser user, Uri page) => new()
    {
        Title = Text.Truncate($"Claim #{recorded.Claim.Id} is now {recorded.Claim.Status}", Text.TitleLength),
        Url = page.ToString(),
        Description = Text.Truncate($"“{recorded.Claim.Text}” — {recorded.Claim.SourceName}, {Text.Date(recorded.Claim.MadeAt)}", Text.DescriptionLength),
        Fields =
        [
            new("Verdict", $"**{recorded.Verdict.Outcome}** (verdict #{recorded.Verdict.Id}, by {user.Describe()})"),
            .. recorded.Verdict.EvidenceUrls.Count > 0 ? [new EmbedField("Evidence", Text.Truncate(string.Join('\n', recorded.Verdict.EvidenceUrls), Text.FieldValueLength))] : Array.Empty<EmbedField>(),
            new("Scores", recorded.RecomputeQueuedFor.Count == 1
                ? "Its source's score is being recomputed; `/why` shows the change in a moment."
                : $"{recorded.RecomputeQueuedFor.Count} sources' scores are being recomputed (this claim is echoed); `/why` shows the changes in a moment."),
        ],
        Timestamp = recorded.Verdict.RecordedAt,
    };

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
