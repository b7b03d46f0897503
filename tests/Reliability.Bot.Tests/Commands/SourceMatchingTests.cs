using Reliability.Bot.Api;
using Reliability.Bot.Commands;

namespace Reliability.Bot.Tests.Commands;

public class SourceMatchingTests
{
    private static Source S(int id, string name, params string[] aliases) => new(id, name, "outlet", aliases, null, null, null);

    private static readonly Source[] Sources =
    [
        S(1, "Amaq News Agency", "Amaq", "A'maq"),
        S(2, "Al-Azaim Foundation", "Al Azaim", "Voice of Khurasan"),
        S(3, "U.S. Central Command", "CENTCOM", "DoD"),
        S(4, "Islamic State central media office"),
        S(5, "Islamic State official spokesman"),
    ];

    [Fact]
    public void An_exact_name_or_alias_wins_over_other_candidates() =>
        Assert.Equal(3, SourceMatching.Pick(" centcom ", [Sources[2], S(9, "CENTCOM watchers")])?.Id);

    [Fact]
    public void A_single_candidate_is_the_one_and_several_are_ambiguous()
    {
        Assert.Equal(1, SourceMatching.Pick("news ag", [Sources[0]])?.Id);
        Assert.Null(SourceMatching.Pick("Islamic State", [Sources[3], Sources[4]]));
        Assert.Null(SourceMatching.Pick("anything", []));
    }

    [Theory]
    [InlineData("amaqq", 1)]
    [InlineData("Al Azeim", 2)]
    [InlineData("centcon", 3)]
    [InlineData("Voice of Khurason", 2)]
    public void The_closest_match_to_a_typo_comes_first(string typed, int expected) =>
        Assert.Equal(expected, SourceMatching.Closest(typed, Sources, 5)[0].Id);

    [Fact]
    public void Nothing_alike_gives_no_matches() => Assert.Empty(SourceMatching.Closest("zzzzqqqq", Sources, 5));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Edit_distance_is_levenshtein(string a, string b, int expected) => Assert.Equal(expected, SourceMatching.EditDistance(a, b));

    [Fact]
    public void Similarity_ignores_case_and_punctuation() => Assert.Equal(1.0, SourceMatching.Similarity("A'MAQ", "amaq"));

    [Fact]
    public void Choices_put_prefix_matches_first_and_show_the_alias_that_matched()
    {
        var choices = SourceMatching.Choices("a", Sources);
        Assert.Equal("Al-Azaim Foundation", choices[0].Name);
        Assert.Equal("Amaq News Agency", choices[1].Name);

        var byAlias = SourceMatching.Choices("centcom", [Sources[2]]);
        Assert.Equal("U.S. Central Command (CENTCOM)", byAlias[0].Name);
        Assert.Equal("U.S. Central Command", byAlias[0].Value);
    }

    [Fact]
    public void Choices_stay_within_discords_limits()
    {
        var many = Enumerable.Range(0, 40).Select(i => S(i, $"Source {i:00} " + new string('n', 200))).ToList();
        var choices = SourceMatching.Choices("source", many);
        Assert.Equal(SourceMatching.MaxChoices, choices.Count);
        Assert.All(choices, c =>
        {
            Assert.True(c.Name.Length <= 100);
            Assert.True(((string)c.Value).Length <= 100);
        });
    }
}

public class TextTests
{
    private static Score Score(double reliability = 0.7, double lower = 0.5, double upper = 0.85, double? brier = null, int calibrated = 0, bool overconfident = false) =>
        new(reliability, lower, upper, "B", 5, 2, 3, 0, 1, 0, 7, brier, calibrated, overconfident, 4, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(0.041, "+4.1 pts")]
    [InlineData(-0.02, "−2.0 pts")]
    [InlineData(0, "±0.0 pts")]
    public void Changes_read_as_signed_percentage_points(double delta, string expected) => Assert.Equal(expected, Text.Points(delta));

    [Fact]
    public void The_record_leaves_out_rare_outcomes_at_zero() =>
        Assert.Equal("5 confirmed · 2 refuted · 1 retracted · 3 open", Text.Record(Score()));

    [Fact]
    public void Calibration_flags_overconfidence()
    {
        Assert.Equal("No resolved claim carried a stated confidence.", Text.Calibration(Score()));
        Assert.StartsWith("Brier 0.12 over 4 claims", Text.Calibration(Score(brier: 0.12, calibrated: 4)), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ **Overconfident**: Brier 0.31", Text.Calibration(Score(brier: 0.31, calibrated: 5, overconfident: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_says_when_intervals_do_not_separate_two_sources()
    {
        Source Named(string name, Score score) => new(name.Length, name, "outlet", [], null, null, score);
        Assert.Contains("intervals overlap", CompareCommand.Verdict(Named("a", Score(0.7, 0.5, 0.85)), Named("bb", Score(0.6, 0.4, 0.75))), StringComparison.Ordinal);
        Assert.Contains("do not overlap", CompareCommand.Verdict(Named("a", Score(0.9, 0.8, 0.97)), Named("bb", Score(0.2, 0.1, 0.35))), StringComparison.Ordinal);
        Assert.Equal("That is the same source twice.", CompareCommand.Verdict(Named("a", Score()), Named("a", Score())));
    }

    [Fact]
    public void Truncation_keeps_the_limit_and_marks_the_cut()
    {
        Assert.Equal("abc", Text.Truncate("abc", 3));
        Assert.Equal("ab…", Text.Truncate("abcd", 3));
    }
}
