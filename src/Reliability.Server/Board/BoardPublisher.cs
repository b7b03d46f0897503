using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Data;

namespace Reliability.Server.Board;

/// <summary>Wakes this instance's publisher right after a local commit, so local changes do not wait for the next poll.</summary>
public sealed class ChangeFeedSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when notified or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try { await _wake.Reader.ReadAsync(linked.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}

/// <summary>
/// Reads the durable change feed in sequence order and sends each change to this instance's hub clients. Every instance
/// runs one, each reading the shared database, so every client receives every change whichever instance made it (no
/// backplane). Clients that reconnect replay what they missed with <see cref="ResumeAsync"/>, bounded by the same
/// watermark, so a change is never delivered twice or out of order.
/// </summary>
public sealed partial class BoardPublisher(
    IServiceScopeFactory scopes, IHubContext<BoardHub, IBoardClient> hub, ChangeFeedSignal signal, TimeProvider time,
    IConfiguration config, ILogger<BoardPublisher> logger) : BackgroundService
{
    /// <summary>A client further behind than this reloads the board instead of replaying.</summary>
    public const int MaxReplay = 2000;
    private const int Batch = 500;
    /// <summary>Feed entries kept for replay; older ones are pruned.</summary>
    public const int Retain = 100_000;

    /// <summary>
    /// How long a hole in the sequence is waited for. SQLite commits sequences in order; SQL Server can commit a higher
    /// identity before a lower one, or leave a hole for good when a transaction rolls back. <c>Board:GapGraceSeconds</c>, default 3.
    /// </summary>
    private readonly TimeSpan _gapGrace = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Board:GapGraceSeconds", 3.0)));

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _poll = TimeSpan.FromMilliseconds(Math.Max(20, config.GetValue("Board:PollMilliseconds", 200)));
    private long _watermark;
    private DateTimeOffset? _gapSince;
    private DateTimeOffset _lastPrune;
    private DateTimeOffset _lastRead;

    /// <summary>The last sequence this instance has sent to its clients; everything up to it is committed and delivered.</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>When the feed was last read successfully (for health checks: a stalled publisher means a stale board).</summary>
    public DateTimeOffset LastRead => _lastRead;

    public async Task<long> WatermarkAsync(CancellationToken ct)
    {
        await _ready.Task.WaitAsync(ct);
        return Watermark;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await InitializeAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishPendingAsync(stoppingToken);
                if (time.GetUtcNow() - _lastPrune > TimeSpan.FromMinutes(10)) await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
            await signal.WaitAsync(_poll, time, stoppingToken);
        }
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        // Start from the newest committed change: earlier ones were in the database before any client of ours connected.
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
                Interlocked.Exchange(ref _watermark, await db.BoardChanges.MaxAsync(c => (long?)c.Sequence, ct) ?? 0);
                _lastRead = _lastPrune = time.GetUtcNow();
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPublishFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            }
        }
    }

    private async Task PublishPendingAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
            var from = Watermark;
            var rows = await db.BoardChanges.AsNoTracking().Where(c => c.Sequence > from).OrderBy(c => c.Sequence).Take(Batch).ToListAsync(ct);
            _lastRead = time.GetUtcNow();
            foreach (var row in rows)
            {
                if (row.Sequence != Watermark + 1 && !GapExpired()) return;
                _gapSince = null;
                await SendAsync(ChangeFeed.ToEvent(row));
                Interlocked.Exchange(ref _watermark, row.Sequence);
            }
            if (rows.Count < Batch) return;
        }
    }

    private bool GapExpired()
    {
        var now = time.GetUtcNow();
        _gapSince ??= now;
        return now - _gapSince >= _gapGrace;
    }

    private Task SendAsync(BoardEvent e) => e.Kind switch
    {
        BoardChangeKind.ScoreChanged => hub.Clients.All.ScoreChanged(e),
        BoardChangeKind.VerdictRecorded => hub.Clients.All.VerdictRecorded(e),
        _ => hub.Clients.All.SourceChanged(e),
    };

    /// <summary>Every change after <paramref name="lastSequence"/> that this instance has delivered, in order.</summary>
    public async Task<ResumeResult> ResumeAsync(long lastSequence, CancellationToken ct)
    {
        var watermark = await WatermarkAsync(ct);
        if (lastSequence >= watermark) return new(watermark, false, []);
        if (watermark - lastSequence > MaxReplay) return new(watermark, true, []);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        var oldest = await db.BoardChanges.MinAsync(c => (long?)c.Sequence, ct) ?? 0;
        if (oldest > lastSequence + 1) return new(watermark, true, []); // pruned past the client's position
        var rows = await db.BoardChanges.AsNoTracking().Where(c => c.Sequence > lastSequence && c.Sequence <= watermark)
            .OrderBy(c => c.Sequence).ToListAsync(ct);
        return new(watermark, false, [.. rows.Select(ChangeFeed.ToEvent)]);
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        _lastPrune = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        var keepFrom = Watermark - Retain;
        if (keepFrom > 0) await db.BoardChanges.Where(c => c.Sequence <= keepFrom).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the board change feed failed; retrying.")]
    private static partial void LogPublishFailed(ILogger logger, Exception error);
}
