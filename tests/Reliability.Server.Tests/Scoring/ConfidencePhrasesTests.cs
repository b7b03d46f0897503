using Reliability.Server.Scoring;

namespace Reliability.Server.Tests.Scoring;

public class ConfidencePhrasesTests
{
    [Theory]
    [InlineData("almost certainly", 0.95)]
    [InlineData("very likely", 0.85)]
    [InlineData("likely", 0.70)]
    [InlineData("roughly even", 0.50)]
    [InlineData("roughly even chance", 0.50)]
    [InlineData("unlikely", 0.30)]
    [InlineData("very unlikely", 0.15)]
    [InlineData("almost no chance", 0.05)]
    [InlineData("abundantly clear", 0.95)]
    [InlineData("confirmed", 0.95)]
    public void Known_phrase_maps_to_its_probability(string phrase, double expected)
    {
        Assert.True(ConfidencePhrases.TryMap(phrase, out var probability));
        Assert.Equal(expected, probability, 1e-9);
    }

    [Theory]
    [InlineData("Almost Certainly", 0.95)]
    [InlineData("VERY UNLIKELY", 0.15)]
    [InlineData("  likely\t", 0.70)]
    [InlineData("\nRoughly Even Chance ", 0.50)]
    public void Lookup_ignores_case_and_surrounding_whitespace(string phrase, double expected)
    {
        Assert.True(ConfidencePhrases.TryMap(phrase, out var probability));
        Assert.Equal(expected, probability, 1e-9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("probably")]
    [InlineData("likely enough")]
    [InlineData("very  likely")]
    public void Unknown_phrase_is_not_mapped(string phrase)
    {
        Assert.False(ConfidencePhrases.TryMap(phrase, out _));
    }

    [Fact]
    public void All_lists_every_phrase_and_looks_up_case_insensitively()
    {
        Assert.Equal(10, ConfidencePhrases.All.Count);
        Assert.Equal(0.85, ConfidencePhrases.All["Very Likely"], 1e-9);
        Assert.All(ConfidencePhrases.All.Values, p => Assert.InRange(p, 0, 1));
    }
}
