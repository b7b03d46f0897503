using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reliability.Bot.Commands;

namespace Reliability.Bot.Interactions;

/// <summary>
/// <c>POST /interactions</c>, Discord's Interactions Endpoint URL. Order matters: the signature is checked over the
/// raw bytes before anything is parsed, the interaction id is recorded only once the signature is known good.
/// </summary>
public static partial class InteractionsApi
{
    /// <summary>Slash-command interactions are a few KiB; anything near this is not from Discord.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapInteractions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/interactions", Receive);
        return app;
    }

    public static async Task<Results<JsonHttpResult<InteractionResponse>, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> Receive(
        HttpRequest request, SignatureVerifier signatures, ReplayGuard replays, CommandRunner commands, Autocomplete autocomplete,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(InteractionsApi).FullName!);
        var body = await ReadBodyAsync(request, ct);
        if (body is null) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var failure = signatures.Check(request.Headers["X-Signature-Ed25519"].ToString(), request.Headers["X-Signature-Timestamp"].ToString(), body);
        if (failure != SignatureFailure.None)
        {
            LogRejected(logger, failure);
            return TypedResults.Unauthorized();
        }

        Interaction? interaction;
        try { interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordJson.Options); }
        catch (JsonException) { interaction = null; }
        if (interaction is null || string.IsNullOrEmpty(interaction.Id)) return TypedResults.BadRequest("The body is not an interaction.");

        if (!replays.TryAccept(interaction.Id))
        {
            LogReplayed(logger, interaction.Id);
            return TypedResults.Unauthorized();
        }

        return interaction.Type switch
        {
            InteractionType.Ping => Answer(InteractionResponse.Pong),
            InteractionType.ApplicationCommand => Answer(await commands.AnswerAsync(interaction)),
            InteractionType.ApplicationCommandAutocomplete => Answer(await autocomplete.AnswerAsync(interaction, ct)),
            _ => TypedResults.BadRequest($"Interactions of type {(int)interaction.Type} are not handled."),
        };
    }

    private static JsonHttpResult<InteractionResponse> Answer(InteractionResponse response) => TypedResults.Json(response, DiscordJson.Options);

    /// <summary>The exact bytes Discord signed, or null when there are more than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an interaction request: {Failure}.")]
    private static partial void LogRejected(ILogger logger, SignatureFailure failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a replay of interaction {InteractionId}.")]
    private static partial void LogReplayed(ILogger logger, string interactionId);
}
