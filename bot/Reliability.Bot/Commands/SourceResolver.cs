using Reliability.Bot.Api;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary>The source a typed name means, or the closest names when it means none.</summary>
public sealed record SourceLookup(string Typed, Source? Source, IReadOnlyList<Source> ClosestMatches)
{
    /// <summary>Not an error: a private hint with the names the user probably meant.</summary>
    public InteractionMessage NotFoundMessage()
    {
        if (string.IsNullOrWhiteSpace(Typed)) return InteractionMessage.Private("Name a source (autocomplete suggests them as you type).");
        var asked = $"No source is called “{Text.Truncate(Typed, 100)}”.";
        if (ClosestMatches.Count == 0) return InteractionMessage.Private($"{asked} Nothing comes close; autocomplete lists the sources as you type.");
        var names = ClosestMatches.Select(s => s.Aliases.Count == 0 ? $"**{s.Name}**" : $"**{s.Name}** ({string.Join(", ", s.Aliases.Take(3))})");
        return InteractionMessage.Private($"{asked} Closest matches:\n" + string.Join('\n', names.Select(n => $"• {n}")));
    }
}

public sealed class SourceResolver(ReliabilityClient api)
{
    public const int ClosestCount = 5;

    public async Task<SourceLookup> FindAsync(string? typed, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(typed)) return new SourceLookup("", null, []);
        var candidates = await api.SearchSourcesAsync(typed, 100, ct);
        if (SourceMatching.Pick(typed, candidates) is { } source) return new SourceLookup(typed, source, []);
        // Several names contain it: suggest among those. None does (a typo): suggest among all sources.
        if (candidates.Count > 0)
        {
            var closest = SourceMatching.Closest(typed, candidates, ClosestCount);
            return new SourceLookup(typed, null, closest.Count > 0 ? closest : [.. candidates.Take(ClosestCount)]);
        }
        var all = await api.SearchSourcesAsync(null, 10000, ct);
        return new SourceLookup(typed, null, SourceMatching.Closest(typed, all, ClosestCount));
    }
}
