using System.Text.RegularExpressions;
using Reliability.Server.Data;
using Reliability.Server.Scoring;

namespace Reliability.Server.Tests.Data;

public partial class DemoDataTests
{
    private static readonly IReadOnlyList<DemoData.DemoSource> Sources = DemoData.Sources;
    private static readonly IReadOnlyList<DemoData.DemoClaim> Claims = DemoData.Claims;
    private static readonly DateOnly LatestVerdictDay = new(2024, 12, 31);

    /// <summary>The day the demo board is shown (and default scoring is judged) on.</summary>
    private static readonly DateOnly DemoBoardDay = new(2026, 11, 22);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    // Same rule the claims API applies to tags.
    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}\-_.]*$")]
    private static partial Regex TagPattern();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static Dictionary<string, DemoData.DemoClaim> ClaimsByKey => Claims.ToDictionary(c => c.Key);

    private static List<DemoData.DemoSource> Search(string term) =>
        [.. Sources.Where(s => new[] { s.Name }.Concat(s.Aliases).Any(n => n.Contains(term, StringComparison.OrdinalIgnoreCase)))];

    private static VerdictOutcome? Latest(DemoData.DemoClaim claim) =>
        claim.Verdicts.Length == 0 ? null : claim.Verdicts[^1].Outcome;

    [Fact]
    public void There_are_enough_sources_covering_every_kind()
    {
        Assert.True(Sources.Count >= 15, $"only {Sources.Count} sources");
        Assert.All(Enum.GetValues<SourceKind>(), kind => Assert.Contains(Sources, s => s.Kind == kind));
    }

    [Fact]
    public void There_are_enough_claims_and_a_mix_of_open_and_resolved()
    {
        Assert.True(Claims.Count >= 30, $"only {Claims.Count} claims");
        var withVerdicts = Claims.Count(c => c.Verdicts.Length > 0);
        Assert.InRange(withVerdicts, 10, Claims.Count - 10);
        Assert.Contains(Claims, c => Latest(c) == VerdictOutcome.Confirmed);
        Assert.Contains(Claims, c => Latest(c) == VerdictOutcome.Refuted);
        Assert.Contains(Claims, c => Latest(c) == VerdictOutcome.PartlyTrue);
        Assert.Contains(Claims, c => Latest(c) == VerdictOutcome.Unverifiable);
    }

    [Fact]
    public void Source_keys_and_names_are_unique_and_well_formed()
    {
        Assert.Equal(Sources.Count, Sources.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Sources.Count, Sources.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Sources, s =>
        {
            Assert.Matches(KeyPattern(), s.Key);
            Assert.False(string.IsNullOrWhiteSpace(s.Name));
            Assert.InRange(s.Name.Length, 1, Limits.NameLength);
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
            Assert.InRange(s.Description.Length, 1, Limits.TextLength);
            Assert.InRange(s.Aliases.Length, 0, Limits.MaxAliases);
            Assert.All(s.Aliases, a => Assert.False(string.IsNullOrWhiteSpace(a)));
            Assert.Equal(s.Aliases.Length, s.Aliases.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            if (s.Url is not null) AssertAbsoluteHttpUrl(s.Url);
        });
    }

    [Fact]
    public void Claim_keys_are_unique_and_well_formed()
    {
        Assert.Equal(Claims.Count, Claims.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Claims, c => Assert.Matches(KeyPattern(), c.Key));
    }

    [Fact]
    public void Every_claim_belongs_to_a_known_source_and_every_source_has_a_claim()
    {
        var keys = Sources.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(Claims, c => Assert.Contains(c.SourceKey, keys));
        Assert.All(Sources, s => Assert.Contains(Claims, c => c.SourceKey == s.Key));
    }

    [Fact]
    public void Echoes_point_to_an_earlier_claim_made_no_later()
    {
        var seen = new Dictionary<string, DemoData.DemoClaim>(StringComparer.Ordinal);
        foreach (var claim in Claims)
        {
            if (claim.RepeatsKey is { } origin)
            {
                Assert.True(seen.TryGetValue(origin, out var repeated), $"{claim.Key} repeats {origin}, which is not an earlier claim");
                Assert.True(repeated.MadeAt <= claim.MadeAt, $"{claim.Key} ({claim.MadeAt}) repeats {origin} made later ({repeated.MadeAt})");
            }
            seen.Add(claim.Key, claim);
        }
    }

    [Fact]
    public void There_are_enough_echoes_including_chains_and_echoes_resolved_through_their_origin()
    {
        var byKey = ClaimsByKey;
        var echoes = Claims.Where(c => c.RepeatsKey is not null).ToList();
        Assert.True(echoes.Count >= 6, $"only {echoes.Count} echoes");

        var chains = echoes.Count(c => byKey[c.RepeatsKey!].RepeatsKey is not null);
        Assert.True(chains >= 2, $"only {chains} echoes of echoes");

        var bareEchoes = echoes.Where(c => c.Verdicts.Length == 0).ToList();
        Assert.True(bareEchoes.Count >= 3, "too few echoes without a verdict of their own");
        Assert.Contains(bareEchoes, c => ResolvedThroughChain(c, byKey) is not null);
    }

    [Fact]
    public void Verdicts_come_after_the_claim_in_order_and_not_in_the_future()
    {
        Assert.All(Claims, c =>
        {
            var previous = c.MadeAt;
            foreach (var v in c.Verdicts)
            {
                Assert.True(v.RecordedOn > c.MadeAt, $"{c.Key}: verdict on {v.RecordedOn} is not after the claim ({c.MadeAt})");
                Assert.True(v.RecordedOn >= previous, $"{c.Key}: verdicts are out of order");
                Assert.True(v.RecordedOn <= LatestVerdictDay && v.RecordedOn <= Today, $"{c.Key}: verdict on {v.RecordedOn} is too late");
                Assert.False(string.IsNullOrWhiteSpace(v.Note));
                Assert.InRange(v.Note.Length, 1, Limits.TextLength);
                Assert.InRange(v.EvidenceUrls.Length, 0, Limits.MaxEvidenceUrls);
                Assert.All(v.EvidenceUrls, AssertAbsoluteHttpUrl);
                previous = v.RecordedOn;
            }
        });
    }

    [Fact]
    public void Claims_are_dated_in_the_past()
    {
        Assert.All(Claims, c => Assert.InRange(c.MadeAt, new DateOnly(2000, 1, 1), Today));
    }

    [Fact]
    public void Stated_confidence_is_a_probability_and_matches_its_phrase()
    {
        Assert.All(Claims, c =>
        {
            if (c.StatedConfidence is { } p) Assert.InRange(p, 0, 1);
            if (c.ConfidencePhrase is { } phrase)
            {
                Assert.True(ConfidencePhrases.TryMap(phrase, out var mapped), $"{c.Key}: unknown phrase '{phrase}'");
                Assert.NotNull(c.StatedConfidence);
                Assert.Equal(mapped, c.StatedConfidence!.Value, 1e-9);
            }
        });
        Assert.Contains(Claims, c => c.ConfidencePhrase is not null);
    }

    [Fact]
    public void Claim_fields_fit_the_model()
    {
        Assert.All(Claims, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Text));
            Assert.InRange(c.Text.Length, 1, 2000);
            Assert.False(string.IsNullOrWhiteSpace(c.Citation));
            Assert.InRange(c.Citation!.Length, 1, Limits.CitationLength);
            if (c.Url is not null) AssertAbsoluteHttpUrl(c.Url);
            Assert.InRange(c.Tags.Length, 1, Limits.MaxTags);
            Assert.All(c.Tags, t =>
            {
                Assert.InRange(t.Length, 1, Limits.TagLength);
                Assert.Matches(TagPattern(), t);
            });
            Assert.Equal(c.Tags.Length, c.Tags.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Theory]
    [InlineData("amaq")]
    [InlineData("centcom")]
    [InlineData("CENTCOM")]
    [InlineData("us central command")]
    [InlineData("bfv")]
    [InlineData("state department")]
    [InlineData("inews")]
    [InlineData("siga")]
    [InlineData("un monitoring team")]
    [InlineData("al-azaim")]
    [InlineData("turkish police")]
    public void Searching_names_and_aliases_finds_the_source(string term)
    {
        Assert.NotEmpty(Search(term));
    }

    [Fact]
    public void Some_sources_have_three_or_more_resolved_claims()
    {
        var byKey = ClaimsByKey;
        var resolvedBySource = Claims
            .Where(c => ResolvedThroughChain(c, byKey) is VerdictOutcome.Confirmed or VerdictOutcome.Refuted or VerdictOutcome.PartlyTrue or VerdictOutcome.Retracted)
            .GroupBy(c => c.SourceKey)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.True(resolvedBySource.GetValueOrDefault("amaq") >= 3);
        Assert.True(resolvedBySource.GetValueOrDefault("us-officials") >= 3);
        Assert.True(resolvedBySource.Count(kv => kv.Value >= 3) >= 2);
        Assert.Contains(Sources, s => !resolvedBySource.ContainsKey(s.Key));
    }

    [Fact]
    public void Under_default_scoring_some_source_gets_a_real_grade_on_the_demo_day()
    {
        // With the default 730-day half-life, old claims weigh little; below a resolved weight of 3 every source is "F".
        var scores = ScoresAsOf(DemoBoardDay, new ScoringOptions());
        Assert.Contains(scores.Values, s => s.ResolvedWeight >= 3 && s.Grade != "F");

        var amaq = scores["amaq"];
        Assert.True(amaq.ResolvedWeight >= ReliabilityModel.MinResolvedWeightForGrade, $"Amaq's resolved weight is only {amaq.ResolvedWeight:F3}");
        Assert.NotEqual("F", amaq.Grade);
    }

    [Fact]
    public void The_kabul_drone_strike_claim_is_refuted()
    {
        Assert.Contains(Claims, c => c.Tags.Contains("kabul-2021") && c.SourceKey == "us-centcom" && Latest(c) == VerdictOutcome.Refuted);
    }

    [Fact]
    public void The_georgia_province_emir_label_is_refuted()
    {
        Assert.Contains(Claims, c => c.Text.Contains("Georgia Province", StringComparison.Ordinal) && Latest(c) == VerdictOutcome.Refuted);
    }

    [Fact]
    public void The_april_2024_iranian_arrests_are_refuted()
    {
        Assert.Contains(Claims, c => c.Tags.Contains("iran") && c.MadeAt.Year == 2024 && c.MadeAt.Month == 4
            && c.Tags.Contains("arrests") && Latest(c) == VerdictOutcome.Refuted);
    }

    [Fact]
    public void Reading_the_pamphlet_as_a_claim_of_responsibility_is_refuted()
    {
        Assert.Contains(Claims, c => c.Tags.Contains("moscow-2024") && c.Text.Contains("«Attack in Moscow»", StringComparison.Ordinal)
            && Latest(c) == VerdictOutcome.Refuted);
    }

    [Fact]
    public void Al_mursalat_speaking_for_iskp_is_refuted()
    {
        Assert.Contains(Claims, c => c.SourceKey == "al-mursalat" && Latest(c) == VerdictOutcome.Refuted);
    }

    [Theory]
    [InlineData("moscow-2024")]
    [InlineData("istanbul-2024")]
    [InlineData("kerman-2024")]
    public void Amaqs_is_claims_for_the_2024_attacks_are_confirmed(string tag)
    {
        Assert.Contains(Claims, c => c.SourceKey == "amaq" && c.Tags.Contains(tag) && Latest(c) == VerdictOutcome.Confirmed);
    }

    [Fact]
    public void The_kerman_training_claim_shows_a_superseded_verdict()
    {
        Assert.Contains(Claims, c => c.SourceKey == "iran-moi" && c.Tags.Contains("kerman-2024")
            && c.Verdicts.Length >= 2
            && c.Verdicts[0].Outcome == VerdictOutcome.Unverifiable
            && Latest(c) == VerdictOutcome.PartlyTrue);
    }

    [Fact]
    public void The_state_department_osce_statement_is_open_and_confident()
    {
        var claim = Assert.Single(Claims, c => c.SourceKey == "us-state" && c.Tags.Contains("moscow-2024"));
        Assert.Empty(claim.Verdicts);
        Assert.Equal("abundantly clear", claim.ConfidencePhrase);
        Assert.Equal(0.95, claim.StatedConfidence!.Value, 1e-9);
    }

    [Fact]
    public void The_foreign_fighters_claim_is_refuted()
    {
        Assert.Contains(Claims, c => c.SourceKey == "us-officials" && c.Tags.Contains("membership") && Latest(c) == VerdictOutcome.Refuted);
    }

    [Fact]
    public void The_data_is_deterministic()
    {
        Assert.Same(DemoData.Sources, DemoData.Sources);
        Assert.Same(DemoData.Claims, DemoData.Claims);
    }

    /// <summary>Each source's score as the model would compute it on <paramref name="today"/>; claim ids are list indexes.</summary>
    private static Dictionary<string, SourceScore> ScoresAsOf(DateOnly today, ScoringOptions options)
    {
        var ids = Claims.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var scored = Claims.Select((c, i) => (c.SourceKey, Claim: new ScoredClaim(i, c.MadeAt, c.StatedConfidence,
            c.RepeatsKey is null ? null : ids[c.RepeatsKey], Latest(c)))).ToList();
        var byId = scored.ToDictionary(x => x.Claim.ClaimId, x => x.Claim);
        return Sources.ToDictionary(
            s => s.Key,
            s => ReliabilityModel.Score(scored.Where(x => x.SourceKey == s.Key).Select(x => x.Claim), byId, today, options),
            StringComparer.Ordinal);
    }

    /// <summary>The claim's own latest outcome, or its origin's, followed through echo chains (as the scoring model does).</summary>
    private static VerdictOutcome? ResolvedThroughChain(DemoData.DemoClaim claim, Dictionary<string, DemoData.DemoClaim> byKey)
    {
        var current = claim;
        for (var hops = 0; hops <= byKey.Count; hops++)
        {
            if (Latest(current) is { } outcome) return outcome;
            if (current.RepeatsKey is not { } origin) return null;
            current = byKey[origin];
        }
        return null;
    }

    private static void AssertAbsoluteHttpUrl(string url)
    {
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), $"not an absolute URL: {url}");
        Assert.True(uri!.Scheme is "https" or "http", $"not http(s): {url}");
    }
}
