using Reliability.Bot.Api;
using Reliability.Bot.Commands;
using Reliability.Bot.Configuration;
using Reliability.Bot.Telemetry;

namespace Reliability.Bot.Interactions;

/// <summary>
/// Runs a slash command against Discord's 3-second deadline: when it finishes within <see cref="BotSettings.DeferAfter"/>
/// the answer goes inline; otherwise Discord gets a deferral ("thinking…") and the answer follows through the
/// interaction's webhook. API failures become short private messages, never silence.
/// </summary>
public sealed partial class CommandRunner(
    IEnumerable<ISlashCommand> commands, DeferredReplies deferred, BotSettings settings, TimeProvider time,
    IHostApplicationLifetime lifetime, BotMetrics metrics, ILogger<CommandRunner> logger)
{
    public async Task<InteractionResponse> AnswerAsync(Interaction interaction)
    {
        var name = interaction.Data?.Name;
        var command = commands.FirstOrDefault(c => c.Name == name);
        if (command is null) return InteractionResponse.Message(InteractionMessage.Private($"The bot does not know the command /{name}. Re-register the commands."));

        var started = time.GetTimestamp();
        // Not the request's token: a deferred command keeps running after this request has been answered.
        var work = RunAsync(command, interaction, lifetime.ApplicationStopping);
        try
        {
            var answer = await work.WaitAsync(settings.DeferAfter, time);
            metrics.InteractionAnswered(command.Name, "command", deferred: false, time.GetElapsedTime(started));
            return InteractionResponse.Message(answer);
        }
        catch (TimeoutException)
        {
            LogDeferred(logger, command.Name, interaction.Id);
            deferred.FinishLater(interaction, work);
            _ = work.ContinueWith(_ => metrics.InteractionAnswered(command.Name, "command", deferred: true, time.GetElapsedTime(started)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return InteractionResponse.Deferred;
        }
    }

    private async Task<InteractionMessage> RunAsync(ISlashCommand command, Interaction interaction, CancellationToken ct)
    {
        try
        {
            return await command.RunAsync(interaction, ct);
        }
        catch (ReliabilityApiException e)
        {
            LogApiFailed(logger, e, command.Name, e.StatusCode is { } s ? (int)s : null);
            return InteractionMessage.Private(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCommandFailed(logger, e, command.Name);
            return InteractionMessage.Private("Something went wrong while answering; the bot's log has the details.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "/{Command} took longer than the inline budget; deferred interaction {InteractionId}.")]
    private static partial void LogDeferred(ILogger logger, string command, string interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/{Command}: the reliability API call failed (status {Status}).")]
    private static partial void LogApiFailed(ILogger logger, Exception exception, string command, int? status);

    [LoggerMessage(Level = LogLevel.Error, Message = "/{Command} failed.")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception, string command);
}

/// <summary>
/// Answers that missed the inline budget: each is sent through the interaction webhook when its command finishes.
/// Shutdown waits for the ones in flight (the interaction token stays valid for 15 minutes).
/// </summary>
public sealed partial class DeferredReplies(IHttpClientFactory httpClients, BotSettings settings, ILogger<DeferredReplies> logger) : IHostedService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _inFlight = new();

    public int InFlight => _inFlight.Count;

    public void FinishLater(Interaction interaction, Task<InteractionMessage> work)
    {
        var followUp = SendAsync(interaction, work);
        _inFlight.TryAdd(followUp, true);
        _ = followUp.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task SendAsync(Interaction interaction, Task<InteractionMessage> work)
    {
        try
        {
            var message = await work;
            // A fresh client per follow-up: this service lives as long as the app, its HTTP handlers should not.
            var discord = new DiscordApi(httpClients.CreateClient(nameof(DiscordApi)));
            await discord.EditOriginalResponseAsync(settings.ApplicationId, interaction.Token, message, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFollowUpFailed(logger, e, interaction.Id);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_inFlight.Keys).WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the deferred answer to interaction {InteractionId}.")]
    private static partial void LogFollowUpFailed(ILogger logger, Exception exception, string interactionId);
}
