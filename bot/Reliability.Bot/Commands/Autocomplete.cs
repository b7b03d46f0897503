using Reliability.Bot.Api;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;
using Reliability.Bot.Telemetry;

namespace Reliability.Bot.Commands;

/// <summary>
/// Suggestions while the user types: sources (by name and alias) for source options, claims (by text) for
/// <c>/verdict claim</c>. Autocomplete cannot be deferred, so a slow or failing API answers no suggestions in time.
/// </summary>
public sealed partial class Autocomplete(ReliabilityClient api, BotSettings settings, TimeProvider time, BotMetrics metrics, ILogger<Autocomplete> logger)
{
    /// <summary>The options that name a source, by command.</summary>
    public static readonly IReadOnlySet<string> SourceOptions = new HashSet<string>(StringComparer.Ordinal) { "source", "a", "b" };

    public async Task<InteractionResponse> AnswerAsync(Interaction interaction, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        try { return await SuggestAsync(interaction, ct); }
        finally { metrics.InteractionAnswered(interaction.Data?.Name ?? "", "autocomplete", deferred: false, time.GetElapsedTime(started)); }
    }

    private async Task<InteractionResponse> SuggestAsync(Interaction interaction, CancellationToken ct)
    {
        var focused = interaction.Data?.Focused;
        if (focused is null) return InteractionResponse.Choices([]);
        var typed = interaction.Data!.Text(focused.Name);
        try
        {
            var choices = focused.Name switch
            {
                "claim" => ClaimChoicesAsync(typed, ct),
                _ when SourceOptions.Contains(focused.Name) => SourceChoicesAsync(typed, ct),
                _ => Task.FromResult(new List<CommandChoice>()),
            };
            return InteractionResponse.Choices(await choices.WaitAsync(settings.DeferAfter, time, ct));
        }
        catch (Exception e) when (e is ReliabilityApiException or TimeoutException)
        {
            LogNoSuggestions(logger, focused.Name, e.Message);
            return InteractionResponse.Choices([]);
        }
    }

    private async Task<List<CommandChoice>> SourceChoicesAsync(string? typed, CancellationToken ct) =>
        SourceMatching.Choices(typed, await api.SearchSourcesAsync(typed, 100, ct));

    private async Task<List<CommandChoice>> ClaimChoicesAsync(string? typed, CancellationToken ct)
    {
        // A number is a claim id already; words search the claims' text, newest first.
        var term = long.TryParse(typed, out _) ? null : typed;
        var claims = await api.SearchClaimsAsync(term, SourceMatching.MaxChoices, ct);
        return [.. claims.Take(SourceMatching.MaxChoices).Select(c => new CommandChoice(
            Text.Truncate($"#{c.Id} · {c.SourceName} · {c.Status} · {c.Text.ReplaceLineEndings(" ")}", SourceMatching.MaxChoiceLength), c.Id))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No suggestions for option {Option}: {Reason}")]
    private static partial void LogNoSuggestions(ILogger logger, string option, string reason);
}
