namespace Reliability.Bot.Api;

// The server's public API as the bot reads it (camelCase JSON, kebab-case enum values kept as strings).
// Only the fields the bot shows; the server may add more without breaking the bot.

public sealed record Source(int Id, string Name, string Kind, IReadOnlyList<string> Aliases, string? Url, string? Description, Score? Score);

public sealed record Score(
    double Reliability, double Lower, double Upper, string Grade,
    int Confirmed, int Refuted, int Open, int PartlyTrue, int Retracted, int Unverifiable,
    double ResolvedWeight, double? Brier, int CalibratedClaims, bool Overconfident,
    int Version, DateTimeOffset ComputedAt);

public sealed record ScoreChange(int Version, Score Score, string Cause, IReadOnlyList<int> CauseVerdictIds, double Delta, DateTimeOffset ComputedAt);

public sealed record Verdict(int Id, int ClaimId, string Outcome, IReadOnlyList<string> EvidenceUrls, string? Note, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record Claim(
    int Id, int SourceId, string SourceName, string Text, DateOnly MadeAt, string? Url,
    double? StatedConfidence, string Status, int? ResolvedByClaimId, int VerdictCount, Verdict? LatestVerdict);

/// <summary>A verdict with its claim and source, from <c>GET /api/verdicts?ids=</c>.</summary>
public sealed record VerdictWithClaim(Verdict Verdict, int ClaimId, string ClaimText, int SourceId, string SourceName, string Status);

public sealed record VerdictRequest(string Outcome, string? EvidenceUrl, string? Note);

public sealed record VerdictRecorded(Verdict Verdict, Claim Claim, IReadOnlyList<int> RecomputeQueuedFor);

public static class Outcomes
{
    public static IReadOnlyList<string> All { get; } = ["confirmed", "refuted", "partly-true", "unverifiable", "retracted"];
}

public static class ClaimStatuses
{
    public static IReadOnlyList<string> All { get; } = ["open", "confirmed", "refuted", "partly-true", "unverifiable", "retracted"];
}
