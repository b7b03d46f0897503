using System.Collections.Frozen;

namespace Reliability.Server.Scoring;

/// <summary>
/// Estimative phrases (ICD 203) and the probability each one stands for, so a claim's wording can be scored for calibration.
/// </summary>
public static class ConfidencePhrases
{
    /// <summary>Every known phrase, looked up case-insensitively.</summary>
    public static IReadOnlyDictionary<string, double> All { get; } = new Dictionary<string, double>
    {
        ["almost certainly"] = 0.95,
        ["very likely"] = 0.85,
        ["likely"] = 0.70,
        ["roughly even"] = 0.50,
        ["roughly even chance"] = 0.50,
        ["unlikely"] = 0.30,
        ["very unlikely"] = 0.15,
        ["almost no chance"] = 0.05,
        // Not ICD 203, but sources use them to claim certainty, so they are held to it.
        ["abundantly clear"] = 0.95,
        ["confirmed"] = 0.95,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The probability for <paramref name="phrase"/>, ignoring case and surrounding whitespace.</summary>
    public static bool TryMap(string phrase, out double probability)
    {
        if (phrase is null)
        {
            probability = 0;
            return false;
        }

        return All.TryGetValue(phrase.Trim(), out probability);
    }
}
