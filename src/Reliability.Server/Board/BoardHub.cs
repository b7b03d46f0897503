using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Reliability.Server.Auth;
using Reliability.Server.Telemetry;

namespace Reliability.Server.Board;

/// <summary>What the server calls on board clients; each event carries its sequence number.</summary>
public interface IBoardClient
{
    Task ScoreChanged(BoardEvent change);
    Task VerdictRecorded(BoardEvent change);
    Task SourceChanged(BoardEvent change);
}

/// <summary>
/// <c>/hubs/board</c>. Clients only listen, plus <see cref="Resume"/> after loading the board or reconnecting.
/// Needs sign-in exactly when reads do.
/// </summary>
[Authorize(Policy = ReadAccess.Policy)]
public sealed class BoardHub(BoardPublisher publisher, ReliabilityMetrics metrics) : Hub<IBoardClient>
{
    public const string Path = "/hubs/board";

    /// <summary>Every change after <paramref name="lastSequence"/>, in order; <c>reset</c> when the client must reload <c>/api/board</c>.</summary>
    public Task<ResumeResult> Resume(long lastSequence)
    {
        if (lastSequence < 0) throw new HubException("'lastSequence' must be 0 or a sequence number the board gave you.");
        return publisher.ResumeAsync(lastSequence, Context.ConnectionAborted);
    }

    public override Task OnConnectedAsync()
    {
        metrics.BoardConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.BoardDisconnected();
        return base.OnDisconnectedAsync(exception);
    }
}
