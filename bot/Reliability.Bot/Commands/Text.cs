using System.Globalization;
using Reliability.Bot.Api;

namespace Reliability.Bot.Commands;

/// <summary>How scores, records and changes read in Discord: short, invariant, and within Discord's length limits.</summary>
public static class Text
{
    // Discord's embed limits.
    public const int TitleLength = 256;
    public const int DescriptionLength = 4096;
    public const int FieldValueLength = 1024;

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    public static string Percent(double p) => (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Interval(Score s) => $"{Percent(s.Lower)}–{Percent(s.Upper)}";

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Change in reliability in percentage points, signed: "+4.1 pts".</summary>
    public static string Points(double delta) =>
        (delta * 100).ToString("+0.0;−0.0;±0.0", CultureInfo.InvariantCulture) + " pts";

    /// <summary>The NATO Admiralty scale's wording for each letter.</summary>
    public static string GradeMeaning(string grade) => grade switch
    {
        "A" => "completely reliable",
        "B" => "usually reliable",
        "C" => "fairly reliable",
        "D" => "not usually reliable",
        "E" => "unreliable",
        _ => "reliability cannot be judged yet",
    };

    /// <summary>Embed side colour per grade: green through red, grey for F.</summary>
    public static int GradeColor(string grade) => grade switch
    {
        "A" => 0x2E7D32,
        "B" => 0x7CB342,
        "C" => 0xF9A825,
        "D" => 0xEF6C00,
        "E" => 0xC62828,
        _ => 0x78909C,
    };

    /// <summary>"Channel · also known as Amaq, A'maq" and the first lines of its description.</summary>
    public static string About(Source s)
    {
        var kind = s.Kind.Length == 0 ? "Source" : char.ToUpperInvariant(s.Kind[0]) + s.Kind[1..];
        var aliases = s.Aliases.Where(a => !a.Equals(s.Name, StringComparison.OrdinalIgnoreCase)).Take(6).ToList();
        var line = aliases.Count == 0 ? kind : $"{kind} · also known as {string.Join(", ", aliases)}";
        return string.IsNullOrWhiteSpace(s.Description) ? line : $"{line}\n{Truncate(s.Description.ReplaceLineEndings(" "), 300)}";
    }

    public static string Grade(Score s) => $"**{s.Grade}** — {GradeMeaning(s.Grade)}";

    public static string Reliability(Score s) => $"**{Percent(s.Reliability)}** (90% interval {Interval(s)})";

    /// <summary>"3 confirmed · 1 refuted · 2 open", leaving out the rarer outcomes when they are zero.</summary>
    public static string Record(Score s)
    {
        var parts = new List<string> { $"{s.Confirmed} confirmed", $"{s.Refuted} refuted" };
        if (s.PartlyTrue > 0) parts.Add($"{s.PartlyTrue} partly true");
        if (s.Retracted > 0) parts.Add($"{s.Retracted} retracted");
        if (s.Unverifiable > 0) parts.Add($"{s.Unverifiable} unverifiable");
        parts.Add($"{s.Open} open");
        return string.Join(" · ", parts);
    }

    public static string Calibration(Score s)
    {
        if (s.Brier is not { } brier) return "No resolved claim carried a stated confidence.";
        var figure = $"Brier {brier.ToString("0.00", CultureInfo.InvariantCulture)} over {s.CalibratedClaims} claim{(s.CalibratedClaims == 1 ? "" : "s")} with a stated confidence";
        return s.Overconfident
            ? $"⚠️ **Overconfident**: {figure} (worse than always saying 50%)."
            : $"{figure} (0 is perfect; 0.25 is always saying 50%).";
    }

    /// <summary>What a score version's cause means to a reader.</summary>
    public static string Cause(string cause, int verdicts = 1) => cause switch
    {
        "verdict" => verdicts > 1 ? $"{verdicts} verdicts" : "a verdict",
        "claim" => "a new claim",
        "created" => "the source was added",
        "decay" => "old evidence weighing less (time decay)",
        "recompute-all" => "a full recompute",
        _ => cause,
    };

    /// <summary>"**refuted** — “text” (claim #12)" plus the claim's source when it is not the one asked about (an echo).</summary>
    public static string VerdictLine(VerdictWithClaim v, int? askedSourceId = null)
    {
        var by = askedSourceId is { } id && v.SourceId != id ? $", by {v.SourceName}" : "";
        return $"**{v.Verdict.Outcome}** — “{Truncate(v.ClaimText, 160)}” (claim #{v.ClaimId}{by})";
    }
}
