using Reliability.Server.Data;

namespace Reliability.Server.Scoring;

/// <summary>A source's score as the API shows it.</summary>
public sealed record ScoreDto(
    double Reliability, double Lower, double Upper, string Grade,
    int Confirmed, int Refuted, int Open, int PartlyTrue, int Retracted, int Unverifiable,
    double ResolvedWeight, double? Brier, int CalibratedClaims, bool Overconfident,
    int Version, DateTimeOffset ComputedAt)
{
    public static ScoreDto? From(ScoreVersion? v) => v is null ? null : new(
        v.Reliability, v.Lower, v.Upper, v.Grade, v.Confirmed, v.Refuted, v.Open, v.PartlyTrue, v.Retracted, v.Unverifiable,
        v.ResolvedWeight, v.Brier, v.CalibratedClaims, v.Overconfident, v.Version, v.ComputedAt);
}

/// <summary>One entry of a source's score history: the score, what caused it, and how far it moved.</summary>
public sealed record ScoreHistoryEntry(int Version, ScoreDto Score, string Cause, IReadOnlyList<int> CauseVerdictIds, double Delta, DateTimeOffset ComputedAt)
{
    public static ScoreHistoryEntry From(ScoreVersion v) => new(v.Version, ScoreDto.From(v)!, v.Cause, v.CauseVerdictIds, v.Delta, v.ComputedAt);
}
