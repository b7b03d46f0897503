using Reliability.Server.Data;
using Reliability.Server.Scoring;

namespace Reliability.Server.Tests.Scoring;

public class ReliabilityModelTests
{
    private const double Tol = 1e-9;
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly ScoringOptions NoDecay = new() { HalfLifeDays = 0 };

    private static ScoredClaim Make(int id, VerdictOutcome? outcome, int ageDays = 0, double? confidence = null, int? repeats = null) =>
        new(id, Today.AddDays(-ageDays), confidence, repeats, outcome);

    private static SourceScore Score(IReadOnlyList<ScoredClaim> claims, ScoringOptions? options = null, IReadOnlyDictionary<int, ScoredClaim>? byId = null) =>
        ReliabilityModel.Score(claims, byId ?? claims.ToDictionary(c => c.ClaimId), Today, options ?? new ScoringOptions());

    private static List<ScoredClaim> Record(int confirmed, int refuted)
    {
        var claims = new List<ScoredClaim>();
        for (var i = 0; i < confirmed; i++)
        {
            claims.Add(Make(claims.Count + 1, VerdictOutcome.Confirmed, ageDays: 400 * i));
        }

        for (var i = 0; i < refuted; i++)
        {
            claims.Add(Make(claims.Count + 1, VerdictOutcome.Refuted, ageDays: 300 * i));
        }

        return claims;
    }

    [Fact]
    public void Empty_record_is_one_half_with_the_uniform_prior_interval()
    {
        var score = Score([]);

        Assert.Equal(0.5, score.Reliability, Tol);
        Assert.Equal(1, score.Alpha, Tol);
        Assert.Equal(1, score.Beta, Tol);
        // Beta(1, 1) is uniform, so its quantiles are the probabilities themselves.
        Assert.Equal(0.05, score.Lower, Tol);
        Assert.Equal(0.95, score.Upper, Tol);
        Assert.Equal(0, score.ResolvedWeight, Tol);
        Assert.Equal("F", score.Grade);
        Assert.Null(score.Brier);
        Assert.Equal(0, score.CalibratedClaims);
        Assert.False(score.Overconfident);
        Assert.Equal(0, score.Open);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 5)]
    [InlineData(10, 2)]
    [InlineData(0, 7)]
    public void No_decay_equals_beta_reputation_expectation(int r, int s)
    {
        // Claims are spread over years; with decay off their age must not matter.
        var score = Score(Record(r, s), NoDecay);

        Assert.Equal((r + 1.0) / (r + s + 2.0), score.Reliability, Tol);
        Assert.Equal(r + 1, score.Alpha, Tol);
        Assert.Equal(s + 1, score.Beta, Tol);
        Assert.Equal(r + s, score.ResolvedWeight, Tol);
        Assert.Equal(r, score.Confirmed);
        Assert.Equal(s, score.Refuted);
    }

    [Fact]
    public void Claim_made_one_half_life_ago_counts_half()
    {
        var score = Score([Make(1, VerdictOutcome.Confirmed, ageDays: 730)]);

        Assert.Equal(1.5, score.Alpha, Tol);
        Assert.Equal(1, score.Beta, Tol);
        Assert.Equal(0.5, score.ResolvedWeight, Tol);
        Assert.Equal(0.6, score.Reliability, Tol);
    }

    [Fact]
    public void Half_life_comes_from_the_options()
    {
        var score = Score([Make(1, VerdictOutcome.Refuted, ageDays: 100)], new ScoringOptions { HalfLifeDays = 100 });

        Assert.Equal(1.5, score.Beta, Tol);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(730, 0.5)]
    [InlineData(1460, 0.25)]
    [InlineData(365, 0.70710678118654752)]
    public void Weight_halves_every_half_life(int ageDays, double expected)
    {
        Assert.Equal(expected, ReliabilityModel.Weight(Today.AddDays(-ageDays), Today, 730), Tol);
    }

    [Fact]
    public void Claim_dated_after_today_weighs_as_if_made_today()
    {
        Assert.Equal(1, ReliabilityModel.Weight(Today.AddDays(30), Today, 730), Tol);
    }

    [Fact]
    public void Zero_half_life_disables_decay()
    {
        Assert.Equal(1, ReliabilityModel.Weight(Today.AddDays(-10_000), Today, 0), Tol);
    }

    [Fact]
    public void Partly_true_adds_half_to_each_side()
    {
        var score = Score([Make(1, VerdictOutcome.PartlyTrue)], NoDecay);

        Assert.Equal(1.5, score.Alpha, Tol);
        Assert.Equal(1.5, score.Beta, Tol);
        Assert.Equal(1, score.ResolvedWeight, Tol);
        Assert.Equal(1, score.PartlyTrue);
    }

    [Fact]
    public void Retraction_adds_half_against_but_counts_fully_as_resolved()
    {
        var score = Score([Make(1, VerdictOutcome.Retracted)], NoDecay);

        Assert.Equal(1, score.Alpha, Tol);
        Assert.Equal(1.5, score.Beta, Tol);
        Assert.Equal(1, score.ResolvedWeight, Tol);
        Assert.Equal(0.4, score.Reliability, Tol);
        Assert.Equal(1, score.Retracted);
    }

    [Fact]
    public void Partial_outcomes_decay_like_the_rest()
    {
        var score = Score([Make(1, VerdictOutcome.PartlyTrue, ageDays: 730), Make(2, VerdictOutcome.Retracted, ageDays: 730)]);

        Assert.Equal(1.25, score.Alpha, Tol);
        Assert.Equal(1.5, score.Beta, Tol);
        Assert.Equal(1, score.ResolvedWeight, Tol);
    }

    [Fact]
    public void Unverifiable_and_open_claims_add_no_evidence_but_are_counted()
    {
        var score = Score([Make(1, VerdictOutcome.Unverifiable), Make(2, null), Make(3, null)], NoDecay);

        Assert.Equal(1, score.Alpha, Tol);
        Assert.Equal(1, score.Beta, Tol);
        Assert.Equal(0, score.ResolvedWeight, Tol);
        Assert.Equal(0.5, score.Reliability, Tol);
        Assert.Equal(1, score.Unverifiable);
        Assert.Equal(2, score.Open);
        Assert.Equal(0, score.Confirmed + score.Refuted + score.PartlyTrue + score.Retracted);
    }

    [Fact]
    public void Interval_matches_known_beta_quantiles()
    {
        // Beta(2, 1) has CDF x², Beta(1, 2) has CDF 1 − (1 − x)².
        var one = Score([Make(1, VerdictOutcome.Confirmed)], NoDecay);
        Assert.Equal(Math.Sqrt(0.05), one.Lower, Tol);
        Assert.Equal(Math.Sqrt(0.95), one.Upper, Tol);

        var against = Score([Make(1, VerdictOutcome.Refuted)], NoDecay);
        Assert.Equal(1 - Math.Sqrt(0.95), against.Lower, Tol);
        Assert.Equal(1 - Math.Sqrt(0.05), against.Upper, Tol);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 3)]
    [InlineData(7, 2)]
    [InlineData(40, 1)]
    public void Interval_brackets_the_reliability(int r, int s)
    {
        var score = Score(Record(r, s));

        Assert.InRange(score.Reliability, score.Lower, score.Upper);
        Assert.True(score.Lower < score.Reliability && score.Reliability < score.Upper);
    }

    [Fact]
    public void Interval_narrows_as_evidence_grows()
    {
        static double Width(int n)
        {
            var score = Score(Record(n, n), NoDecay);
            return score.Upper - score.Lower;
        }

        Assert.True(Width(2) > Width(20), $"{Width(2)} should exceed {Width(20)}");
        Assert.True(Width(20) > Width(200), $"{Width(20)} should exceed {Width(200)}");
    }

    [Theory]
    [InlineData(1.0, "A")]
    [InlineData(0.875, "A")]
    [InlineData(0.874999999, "B")]
    [InlineData(0.625, "B")]
    [InlineData(0.624999999, "C")]
    [InlineData(0.375, "C")]
    [InlineData(0.374999999, "D")]
    [InlineData(0.125, "D")]
    [InlineData(0.124999999, "E")]
    [InlineData(0.0, "E")]
    public void Grade_thresholds_are_inclusive_lower_bounds(double reliability, string expected)
    {
        Assert.Equal(expected, ReliabilityModel.Grade(reliability, 10));
    }

    [Fact]
    public void Grade_is_F_below_three_resolved_weight_even_when_reliable()
    {
        Assert.Equal("F", ReliabilityModel.Grade(0.8, 2.999999));
        Assert.Equal("F", ReliabilityModel.Grade(0.95, 0));
        Assert.Equal("B", ReliabilityModel.Grade(0.8, 3));
    }

    [Fact]
    public void Score_grades_only_once_three_claims_are_resolved()
    {
        var two = Score(Record(2, 0), NoDecay);
        Assert.Equal(0.75, two.Reliability, Tol);
        Assert.Equal("F", two.Grade);

        var three = Score(Record(3, 0), NoDecay);
        Assert.Equal(0.8, three.Reliability, Tol);
        Assert.Equal("B", three.Grade);
    }

    [Fact]
    public void Unresolved_claims_do_not_count_towards_the_grade_threshold()
    {
        var score = Score([Make(1, VerdictOutcome.Confirmed), Make(2, VerdictOutcome.Confirmed), Make(3, VerdictOutcome.Unverifiable), Make(4, null)], NoDecay);

        Assert.Equal("F", score.Grade);
    }

    [Fact]
    public void Brier_is_the_unweighted_mean_squared_error_of_resolved_stated_confidences()
    {
        var score = Score(
        [
            Make(1, VerdictOutcome.Confirmed, confidence: 0.9),                  // (0.9 − 1)² = 0.01
            Make(2, VerdictOutcome.Refuted, ageDays: 5000, confidence: 0.8),     // (0.8 − 0)² = 0.64, old but not decayed
            Make(3, VerdictOutcome.PartlyTrue, confidence: 0.6),                 // (0.6 − 0.5)² = 0.01
            Make(4, VerdictOutcome.Retracted, confidence: 0.3),                  // (0.3 − 0)² = 0.09
            Make(5, VerdictOutcome.Unverifiable, confidence: 0.7),               // not resolved
            Make(6, null, confidence: 0.99),                                     // open
            Make(7, VerdictOutcome.Refuted),                                     // no stated confidence
        ]);

        Assert.NotNull(score.Brier);
        Assert.Equal(0.75 / 4, score.Brier.Value, Tol);
        Assert.Equal(4, score.CalibratedClaims);
        Assert.False(score.Overconfident);
    }

    [Fact]
    public void Brier_is_null_without_resolved_stated_confidences()
    {
        var score = Score([Make(1, VerdictOutcome.Confirmed), Make(2, null, confidence: 0.9), Make(3, VerdictOutcome.Unverifiable, confidence: 0.9)]);

        Assert.Null(score.Brier);
        Assert.Equal(0, score.CalibratedClaims);
        Assert.False(score.Overconfident);
    }

    [Fact]
    public void Two_badly_wrong_claims_are_not_enough_to_flag_overconfidence()
    {
        var score = Score([Make(1, VerdictOutcome.Refuted, confidence: 0.95), Make(2, VerdictOutcome.Refuted, confidence: 0.95)]);

        Assert.Equal(0.9025, score.Brier!.Value, Tol);
        Assert.Equal(2, score.CalibratedClaims);
        Assert.False(score.Overconfident);
    }

    [Fact]
    public void Three_badly_wrong_claims_flag_overconfidence()
    {
        var score = Score(
        [
            Make(1, VerdictOutcome.Refuted, confidence: 0.95),
            Make(2, VerdictOutcome.Refuted, confidence: 0.95),
            Make(3, VerdictOutcome.Refuted, confidence: 0.95),
        ]);

        Assert.Equal(3, score.CalibratedClaims);
        Assert.True(score.Overconfident);
    }

    [Fact]
    public void Brier_of_exactly_one_quarter_is_not_overconfident()
    {
        var score = Score(
        [
            Make(1, VerdictOutcome.Refuted, confidence: 0.5),
            Make(2, VerdictOutcome.Confirmed, confidence: 0.5),
            Make(3, VerdictOutcome.Refuted, confidence: 0.5),
        ]);

        Assert.Equal(0.25, score.Brier!.Value, Tol);
        Assert.False(score.Overconfident);
    }

    [Fact]
    public void Echo_without_verdict_resolves_with_its_origin_from_another_source()
    {
        var origin = Make(100, VerdictOutcome.Refuted, ageDays: 3000);
        var echo = Make(1, null, confidence: 0.9, repeats: 100);
        var byId = new Dictionary<int, ScoredClaim> { [100] = origin };

        Assert.Equal(VerdictOutcome.Refuted, ReliabilityModel.EffectiveOutcome(echo, byId));

        var score = Score([echo], byId: byId);
        Assert.Equal(1, score.Refuted);
        Assert.Equal(0, score.Open);
        // The echo's own date sets its weight: it was made today, so it counts in full.
        Assert.Equal(2, score.Beta, Tol);
        Assert.Equal(0.81, score.Brier!.Value, Tol);
    }

    [Fact]
    public void Echo_with_its_own_verdict_keeps_it()
    {
        var byId = new Dictionary<int, ScoredClaim> { [100] = Make(100, VerdictOutcome.Refuted) };
        var echo = Make(1, VerdictOutcome.Confirmed, repeats: 100);

        Assert.Equal(VerdictOutcome.Confirmed, ReliabilityModel.EffectiveOutcome(echo, byId));
        Assert.Equal(1, Score([echo], byId: byId).Confirmed);
    }

    [Fact]
    public void Chain_of_echoes_resolves_to_the_root()
    {
        var byId = new Dictionary<int, ScoredClaim>
        {
            [10] = Make(10, VerdictOutcome.Confirmed),
            [11] = Make(11, null, repeats: 10),
            [12] = Make(12, null, repeats: 11),
        };
        var echo = Make(13, null, repeats: 12);

        Assert.Equal(VerdictOutcome.Confirmed, ReliabilityModel.EffectiveOutcome(echo, byId));
    }

    [Fact]
    public void Chain_of_echoes_stops_at_the_nearest_verdict()
    {
        var byId = new Dictionary<int, ScoredClaim>
        {
            [10] = Make(10, VerdictOutcome.Confirmed),
            [11] = Make(11, VerdictOutcome.Retracted, repeats: 10),
            [12] = Make(12, null, repeats: 11),
        };

        Assert.Equal(VerdictOutcome.Retracted, ReliabilityModel.EffectiveOutcome(Make(13, null, repeats: 12), byId));
    }

    [Fact]
    public void Echo_cycle_is_open()
    {
        var a = Make(1, null, repeats: 2);
        var b = Make(2, null, repeats: 1);
        var self = Make(3, null, repeats: 3);
        var byId = new Dictionary<int, ScoredClaim> { [1] = a, [2] = b, [3] = self };

        Assert.Null(ReliabilityModel.EffectiveOutcome(a, byId));
        Assert.Null(ReliabilityModel.EffectiveOutcome(self, byId));
        Assert.Equal(3, Score([a, b, self], byId: byId).Open);
    }

    [Fact]
    public void Echo_of_a_missing_origin_is_open()
    {
        var echo = Make(1, null, confidence: 0.9, repeats: 999);

        Assert.Null(ReliabilityModel.EffectiveOutcome(echo, new Dictionary<int, ScoredClaim>()));

        var score = Score([echo]);
        Assert.Equal(1, score.Open);
        Assert.Null(score.Brier);
    }

    [Fact]
    public void Negative_half_life_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityModel.Weight(Today, Today, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityModel.Weight(Today, Today, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Score([], new ScoringOptions { HalfLifeDays = -730 }));
    }
}
