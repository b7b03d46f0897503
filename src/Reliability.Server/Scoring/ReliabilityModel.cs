using MathNet.Numerics.Distributions;
using Reliability.Server.Data;

namespace Reliability.Server.Scoring;

public sealed record ScoringOptions
{
    /// <summary>Days after which a claim counts half as much; 0 turns decay off.</summary>
    public double HalfLifeDays { get; init; } = 730;
}

/// <summary>A claim as the model sees it. <paramref name="Outcome"/> is the claim's own latest verdict outcome, null if it has none.</summary>
public sealed record ScoredClaim(int ClaimId, DateOnly MadeAt, double? StatedConfidence, int? RepeatsClaimId, VerdictOutcome? Outcome);

public sealed record SourceScore(
    double Reliability, double Lower, double Upper, string Grade, double Alpha, double Beta, double ResolvedWeight,
    int Confirmed, int Refuted, int PartlyTrue, int Retracted, int Unverifiable, int Open,
    double? Brier, int CalibratedClaims, bool Overconfident);

/// <summary>
/// Beta–Bernoulli track record with a uniform prior, time-decayed evidence, a 90% credible interval,
/// an Admiralty-style grade and a Brier calibration check of stated confidences.
/// </summary>
public static class ReliabilityModel
{
    /// <summary>Below this much resolved evidence a grade would be noise, so the source is "F" (cannot be judged).</summary>
    public const double MinResolvedWeightForGrade = 3;

    /// <summary>A Brier score above this is worse than always saying 50%.</summary>
    public const double OverconfidentBrier = 0.25;

    /// <summary>Fewer calibrated claims than this cannot justify calling a source overconfident.</summary>
    public const int MinCalibratedClaimsForOverconfident = 3;

    /// <param name="claims">The source's own claims.</param>
    /// <param name="claimsById">Every claim that may be needed to resolve echoes, whichever source made it.</param>
    public static SourceScore Score(IEnumerable<ScoredClaim> claims, IReadOnlyDictionary<int, ScoredClaim> claimsById, DateOnly today, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(claimsById);
        ArgumentNullException.ThrowIfNull(options);
        ValidateHalfLife(options.HalfLifeDays, nameof(options));

        // Uniform prior Beta(1, 1): no record means 0.5 with the widest interval.
        double alpha = 1, beta = 1, resolvedWeight = 0, squaredErrors = 0;
        int confirmed = 0, refuted = 0, partlyTrue = 0, retracted = 0, unverifiable = 0, open = 0, calibrated = 0;

        foreach (var claim in claims)
        {
            var outcome = EffectiveOutcome(claim, claimsById);
            var w = Weight(claim.MadeAt, today, options.HalfLifeDays);

            // toAlpha/toBeta: share of w that counts for/against; observed: the outcome as a probability for Brier.
            (double toAlpha, double toBeta, double? observed) = outcome switch
            {
                VerdictOutcome.Confirmed => (1.0, 0.0, 1.0),
                VerdictOutcome.Refuted => (0.0, 1.0, 0.0),
                VerdictOutcome.PartlyTrue => (0.5, 0.5, 0.5),
                // A retraction is the source admitting error, but softer than being caught out.
                VerdictOutcome.Retracted => (0.0, 0.5, 0.0),
                _ => (0.0, 0.0, (double?)null),
            };

            switch (outcome)
            {
                case VerdictOutcome.Confirmed: confirmed++; break;
                case VerdictOutcome.Refuted: refuted++; break;
                case VerdictOutcome.PartlyTrue: partlyTrue++; break;
                case VerdictOutcome.Retracted: retracted++; break;
                case VerdictOutcome.Unverifiable: unverifiable++; break;
                default: open++; break;
            }

            if (observed is not double o)
            {
                continue;
            }

            alpha += toAlpha * w;
            beta += toBeta * w;
            resolvedWeight += w;

            // Calibration judges what the source said it believed, so old claims count in full.
            if (claim.StatedConfidence is double p)
            {
                squaredErrors += (p - o) * (p - o);
                calibrated++;
            }
        }

        var reliability = alpha / (alpha + beta);
        double? brier = calibrated == 0 ? null : squaredErrors / calibrated;

        return new SourceScore(
            reliability,
            Beta.InvCDF(alpha, beta, 0.05),
            Beta.InvCDF(alpha, beta, 0.95),
            Grade(reliability, resolvedWeight),
            alpha, beta, resolvedWeight,
            confirmed, refuted, partlyTrue, retracted, unverifiable, open,
            brier, calibrated,
            brier > OverconfidentBrier && calibrated >= MinCalibratedClaimsForOverconfident);
    }

    /// <summary>
    /// The claim's own outcome, or — for an echo with no verdict of its own — the outcome of what it repeats,
    /// followed through chains. Cycles and origins missing from <paramref name="claimsById"/> leave it open (null).
    /// </summary>
    public static VerdictOutcome? EffectiveOutcome(ScoredClaim claim, IReadOnlyDictionary<int, ScoredClaim> claimsById)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(claimsById);

        // Allocated only when an echo chain is followed: most claims have their own outcome or repeat nothing.
        HashSet<int>? visited = null;
        var current = claim;
        while (current.Outcome is null)
        {
            if (current.RepeatsClaimId is not int originId
                || !(visited ??= []).Add(current.ClaimId)
                || !claimsById.TryGetValue(originId, out var origin))
            {
                return null;
            }

            current = origin;
        }

        return current.Outcome;
    }

    /// <summary>0.5^(age / halfLife) with age in days, clamped at 0 for future dates; a half-life of 0 disables decay.</summary>
    public static double Weight(DateOnly madeAt, DateOnly today, double halfLifeDays)
    {
        ValidateHalfLife(halfLifeDays, nameof(halfLifeDays));
        if (halfLifeDays == 0)
        {
            return 1;
        }

        var ageDays = Math.Max(0, today.DayNumber - madeAt.DayNumber);
        return Math.Pow(0.5, ageDays / halfLifeDays);
    }

    /// <summary>Admiralty reliability letter: A (reliable) to E (unreliable), F when there is too little evidence to judge.</summary>
    public static string Grade(double reliability, double resolvedWeight) =>
        resolvedWeight < MinResolvedWeightForGrade ? "F"
        : reliability >= 0.875 ? "A"
        : reliability >= 0.625 ? "B"
        : reliability >= 0.375 ? "C"
        : reliability >= 0.125 ? "D"
        : "E";

    private static void ValidateHalfLife(double halfLifeDays, string paramName)
    {
        // Written as !(>= 0) so NaN is rejected too.
        if (!(halfLifeDays >= 0))
        {
            throw new ArgumentOutOfRangeException(paramName, halfLifeDays, "The half-life must be zero (no decay) or positive.");
        }
    }
}
