using System.Text;
using Reliability.Bot.Api;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary>
/// Pure name matching: which source a typed name means, the closest names when it means none, and the autocomplete
/// list. People type aliases ("CENTCOM"), partial names and typos ("amaqq"), so matching looks at every alias too.
/// </summary>
public static class SourceMatching
{
    public const int MaxChoices = 25;
    public const int MaxChoiceLength = 100;

    /// <summary>Below this similarity a name is not offered as a "closest match".</summary>
    public const double MinSimilarity = 0.3;

    /// <summary>
    /// The one source <paramref name="typed"/> means among the sources whose names contain it: an exact name or
    /// alias (case-insensitive) wins, otherwise only a single candidate counts. Null when it is unknown or ambiguous.
    /// </summary>
    public static Source? Pick(string typed, IReadOnlyList<Source> candidates)
    {
        var folded = Fold(typed);
        var exact = candidates.Where(s => Names(s).Any(n => Fold(n) == folded)).ToList();
        if (exact.Count == 1) return exact[0];
        return exact.Count == 0 && candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>The sources whose name or an alias is most like <paramref name="typed"/>, best first.</summary>
    public static List<Source> Closest(string typed, IEnumerable<Source> pool, int count) =>
        [.. pool.Select(s => (Source: s, Score: Names(s).Max(n => Similarity(typed, n))))
            .Where(x => x.Score >= MinSimilarity)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Source.Name, StringComparer.OrdinalIgnoreCase)
            .Take(count).Select(x => x.Source)];

    /// <summary>
    /// Autocomplete choices: names that start with what was typed first, then aliases that do, then the rest; at
    /// most 25. The choice shows the alias that matched; its value is the canonical name, which <see cref="Pick"/> finds exactly.
    /// </summary>
    public static List<CommandChoice> Choices(string? typed, IEnumerable<Source> sources)
    {
        var folded = Fold(typed ?? "");
        return [.. sources
            .Select(s => (Source: s, Alias: folded.Length == 0 || Fold(s.Name).Contains(folded, StringComparison.Ordinal)
                ? null : s.Aliases.FirstOrDefault(a => Fold(a).Contains(folded, StringComparison.Ordinal))))
            .OrderBy(x => Fold(x.Source.Name).StartsWith(folded, StringComparison.Ordinal) ? 0
                : x.Alias is not null && Fold(x.Alias).StartsWith(folded, StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(x => x.Source.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MaxChoices)
            .Select(x => new CommandChoice(
                Text.Truncate(x.Alias is null ? x.Source.Name : $"{x.Source.Name} ({x.Alias})", MaxChoiceLength),
                // A prefix of an over-long name still finds it: the search matches substrings.
                x.Source.Name.Length <= MaxChoiceLength ? x.Source.Name : x.Source.Name[..MaxChoiceLength]))];
    }

    /// <summary>0 (nothing alike) to 1 (the same once case and punctuation are ignored).</summary>
    public static double Similarity(string a, string b)
    {
        var x = Letters(a);
        var y = Letters(b);
        if (x.Length == 0 || y.Length == 0) return 0;
        if (x == y) return 1;
        return Math.Max(TrigramDice(x, y), 1.0 - (double)EditDistance(x, y) / Math.Max(x.Length, y.Length));
    }

    /// <summary>Dice coefficient of the padded character trigrams: robust to word order and extra words.</summary>
    private static double TrigramDice(string x, string y)
    {
        var a = Trigrams(x);
        var b = Trigrams(y);
        var shared = a.Intersect(b).Count();
        return 2.0 * shared / (a.Count + b.Count);
    }

    private static HashSet<string> Trigrams(string text)
    {
        var padded = $"  {text} ";
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= padded.Length; i++) set.Add(padded.Substring(i, 3));
        return set;
    }

    /// <summary>Levenshtein distance over at most 64 characters each: typos sit near the start of what people type.</summary>
    public static int EditDistance(string a, string b)
    {
        a = a.Length > 64 ? a[..64] : a;
        b = b.Length > 64 ? b[..64] : b;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The same folding the server's search uses: trimmed, lower case.</summary>
    public static string Fold(string text) => text.Trim().ToLowerInvariant();

    private static IEnumerable<string> Names(Source s) => s.Aliases.Prepend(s.Name);

    /// <summary>Lower-case letters and digits, single spaces between words: "A'maq" and "Amaq" compare equal.</summary>
    private static string Letters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c)) builder.Append(c);
            else if (char.IsWhiteSpace(c) && builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
        }
        return builder.ToString().TrimEnd();
    }
}
