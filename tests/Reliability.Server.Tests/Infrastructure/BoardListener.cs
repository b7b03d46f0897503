using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Board;

namespace Reliability.Server.Tests.Infrastructure;

/// <summary>
/// A real SignalR client of <c>/hubs/board</c> over a WebSocket on loopback, recording every event it receives in order.
/// </summary>
public sealed class BoardListener : IAsyncDisposable
{
    private readonly Channel<BoardEvent> _events = Channel.CreateUnbounded<BoardEvent>();
    private readonly List<BoardEvent> _received = [];

    public HubConnection Connection { get; }

    private BoardListener(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in new[] { nameof(IBoardClient.ScoreChanged), nameof(IBoardClient.VerdictRecorded), nameof(IBoardClient.SourceChanged) })
            connection.On<BoardEvent>(method, e =>
            {
                lock (_received) _received.Add(e);
                _events.Writer.TryWrite(e);
            });
    }

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<BoardEvent> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public static HubConnection Build(Uri server, string? token = null, string? origin = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, BoardHub.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (origin is not null) o.Headers["Origin"] = origin;
            })
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();

    public static async Task<BoardListener> ConnectAsync(Uri server, string? token = null)
    {
        var listener = new BoardListener(Build(server, token));
        await listener.Connection.StartAsync();
        return listener;
    }

    public Task<ResumeResult> ResumeAsync(long lastSequence) => Connection.InvokeAsync<ResumeResult>("Resume", lastSequence);

    /// <summary>The next received event matching <paramref name="match"/> (events before it are consumed).</summary>
    public async Task<BoardEvent> WaitForAsync(Func<BoardEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                if (match(e)) return e;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching board event arrived; received: {string.Join(", ", Received.Select(e => $"{e.Sequence}:{e.Kind}:{e.SourceId}"))}");
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
