using Reliability.Bot.Interactions;

namespace Reliability.Bot.Commands;

/// <summary>A slash command: reads its options, calls the API, and returns the message to show.</summary>
public interface ISlashCommand
{
    string Name { get; }

    Task<InteractionMessage> RunAsync(Interaction interaction, CancellationToken ct);
}
