using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Board;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Telemetry;

namespace Reliability.Server.Jobs;

public sealed record DrainResult(int Requests, int SourcesRecomputed, int VersionsStored, int Failures)
{
    public static readonly DrainResult None = new(0, 0, 0, 0);
    public static DrainResult operator +(DrainResult a, DrainResult b) =>
        new(a.Requests + b.Requests, a.SourcesRecomputed + b.SourcesRecomputed, a.VersionsStored + b.VersionsStored, a.Failures + b.Failures);
}

/// <summary>
/// Drains pending recompute requests: claims a batch under a lease (so instances sharing the database never work on the
/// same requests), coalesces them per source, recomputes each source from its full record and deletes the requests in the
/// same transaction as the new score version. At-least-once: a crash before commit leaves the requests to be claimed again
/// when the lease ends, and recomputing is idempotent (a version is stored only when the score changed).
/// </summary>
public sealed partial class RecomputeDrainer(ReliabilityDb db, ScoreKeeper scores, TimeProvider time, RecomputeFaults faults, ChangeFeedSignal feed, ReliabilityMetrics metrics, ILogger<RecomputeDrainer> logger)
{
    public const int BatchSize = 200;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Waits after the 1st–4th failure; the 5th parks the request. 2 s + 10 s + 30 s + 120 s keeps all five attempts within 10 minutes.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    public async Task<DrainResult> DrainAsync(string instance, CancellationToken cancellationToken)
    {
        // Counting the whole queue costs a query: only when a metrics listener asks for the depth.
        if (metrics.QueueDepthObserved)
            metrics.QueueDepthCounted(await db.RecomputeRequests.CountAsync(r => r.FailedAt == null, cancellationToken));
        var total = DrainResult.None;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await ClaimBatchAsync(instance, cancellationToken);
            if (batch.Count == 0) break;
            total += await ProcessAsync(batch, cancellationToken);
            feed.Notify();
        }
        return total;
    }

    private async Task<List<RecomputeRequest>> ClaimBatchAsync(string instance, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + Lease;
        var candidates = await db.RecomputeRequests.AsNoTracking()
            .Where(r => r.FailedAt == null && r.NextAttemptAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return [];

        // The condition is re-checked by the UPDATE itself, so of two instances racing for a request exactly one wins it.
        await db.RecomputeRequests
            .Where(r => candidates.Contains(r.Id) && r.FailedAt == null && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedBy, instance).SetProperty(r => r.ClaimedUntil, until), ct);
        return await db.RecomputeRequests.AsNoTracking()
            .Where(r => candidates.Contains(r.Id) && r.ClaimedBy == instance && r.ClaimedUntil == until)
            .ToListAsync(ct);
    }

    private async Task<DrainResult> ProcessAsync(List<RecomputeRequest> batch, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var result = await ProcessBatchAsync(batch, ct);
        metrics.BatchRecomputed(time.GetElapsedTime(started), result.Failures > 0);
        return result;
    }

    private async Task<DrainResult> ProcessBatchAsync(List<RecomputeRequest> batch, CancellationToken ct)
    {
        var bySource = batch.GroupBy(r => r.SourceId).ToDictionary(g => g.Key, g => g.ToList());
        try
        {
            return await RecomputeAsync(bySource, ct);
        }
        catch (Exception ex) when (bySource.Count > 1 && ex is not OperationCanceledException)
        {
            // Isolate the failing source(s): the rest of the batch should not wait for them.
            var result = DrainResult.None;
            foreach (var (sourceId, requests) in bySource)
            {
                try { result += await RecomputeAsync(new() { [sourceId] = requests }, ct); }
                catch (Exception single) when (single is not OperationCanceledException) { result += await FailAsync(requests, single, ct); }
            }
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await FailAsync(batch, ex, ct);
        }
    }

    private async Task<DrainResult> RecomputeAsync(Dictionary<int, List<RecomputeRequest>> bySource, CancellationToken ct)
    {
        foreach (var sourceId in bySource.Keys) faults.ThrowIfFaulted(sourceId);
        var settled = db.Database.IsSqlite() ? await RecomputeFromSnapshotAsync(bySource, ct) : await RecomputeLockedAsync(bySource, ct);
        // Committed: each request waited from its enqueue until now for its source's score.
        var now = time.GetUtcNow();
        foreach (var request in settled.Requests) metrics.RecomputeSettled(now - request.RequestedAt, request.Cause);
        return settled.Result;
    }

    private sealed record Settled(DrainResult Result, List<RecomputeRequest> Requests);

    /// <summary>
    /// On SQLite, reads and scores the record in a read-only snapshot, outside the write lock, so writers (verdicts, claims)
    /// are not held up while a large record loads (SQLite has one writer at a time); then, in a short write transaction,
    /// stores the versions and settles exactly the requests the snapshot held. A request committed after the snapshot
    /// stays pending for the next drain, whose record includes its change. A source whose latest version moved in between
    /// (another instance stored one) is rescored inside the write transaction. Other providers read under the transaction.
    /// </summary>
    private async Task<Settled> RecomputeFromSnapshotAsync(Dictionary<int, List<RecomputeRequest>> bySource, CancellationToken ct)
    {
        var sourceIds = bySource.Keys.ToList();
        db.ChangeTracker.Clear();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            List<RecomputeRequest> all;
            Dictionary<int, int> versionsBefore;
            Dictionary<int, SourceScore> computed;
            var when = ScoreKeeper.TruncateToMilliseconds(time.GetUtcNow());
            // A deferred transaction that only reads: one consistent WAL snapshot, taking no write lock.
            await using (var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true))
            {
                await db.Database.UseTransactionAsync(snapshot, ct);
                all = await SnapshotRequestsAsync(bySource, ct);
                versionsBefore = await scores.LatestVersionNumbersAsync(sourceIds, ct);
                computed = await scores.ScoreAsync(sourceIds, when, ct);
                await db.Database.UseTransactionAsync(null, ct);
            }

            return await db.InTransactionAsync(async ct =>
            {
                var versionsNow = await scores.LatestVersionNumbersAsync(sourceIds, ct);
                var moved = sourceIds.Where(id => versionsNow[id] != versionsBefore[id]).ToList();
                if (moved.Count > 0)
                {
                    // Rescored under the lock, with every request pending for them now (read before the record, as above).
                    all = [.. all.Concat(await PendingForAsync(moved, ct)).DistinctBy(r => r.Id)];
                    computed = new Dictionary<int, SourceScore>(computed);
                    foreach (var (id, score) in await scores.ScoreAsync(moved, when, ct)) computed[id] = score;
                }
                var causes = all.GroupBy(r => r.SourceId).ToDictionary(g => g.Key, g => Coalesce([.. g]));
                var added = await scores.StoreAsync(causes, computed, when, ct);
                return (await SettleAsync(bySource.Count, added.Count, all, ct), true);
            }, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The whole recompute inside one write transaction.</summary>
    private Task<Settled> RecomputeLockedAsync(Dictionary<int, List<RecomputeRequest>> bySource, CancellationToken ct) =>
        db.InTransactionAsync(async ct =>
        {
            var all = await SnapshotRequestsAsync(bySource, ct);
            var causes = all.GroupBy(r => r.SourceId).ToDictionary(g => g.Key, g => Coalesce([.. g]));
            var added = await scores.RecomputeAsync(causes, ct);
            return (await SettleAsync(bySource.Count, added.Count, all, ct), true);
        }, ct);

    /// <summary>
    /// Every request still pending for these sources, read BEFORE the record: each verdict the recompute will see
    /// has its request among these, so the new version names all of its causes and they are settled together.
    /// </summary>
    private async Task<List<RecomputeRequest>> SnapshotRequestsAsync(Dictionary<int, List<RecomputeRequest>> bySource, CancellationToken ct)
    {
        var pending = await PendingForAsync([.. bySource.Keys], ct);
        return [.. pending.Concat(bySource.Values.SelectMany(r => r)).DistinctBy(r => r.Id)];
    }

    /// <summary>Every request pending (not parked) for these sources, whoever has claimed it.</summary>
    private Task<List<RecomputeRequest>> PendingForAsync(List<int> sourceIds, CancellationToken ct) =>
        db.RecomputeRequests.AsNoTracking().Where(r => sourceIds.Contains(r.SourceId) && r.FailedAt == null).ToListAsync(ct);

    /// <summary>Saves the new versions, announces the verdicts behind them and deletes the requests they settle.</summary>
    private async Task<Settled> SettleAsync(int sources, int versions, List<RecomputeRequest> all, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        // The verdicts behind this recompute reach the board after the scores they moved, in the same commit.
        await db.AppendVerdictsAsync(scores, [.. all.SelectMany(r => r.VerdictIds).Distinct()], time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        var ids = all.Select(r => r.Id).ToList();
        var settled = await db.RecomputeRequests.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
        return new Settled(new DrainResult(settled, sources, versions, 0), all);
    }

    /// <summary>Many requests for one source become one recompute, caused by every verdict among them.</summary>
    private static ScoreCause Coalesce(List<RecomputeRequest> requests)
    {
        var verdictIds = requests.SelectMany(r => r.VerdictIds).Distinct().Order().ToList();
        return new ScoreCause(verdictIds.Count > 0 ? "verdict" : requests.MaxBy(r => r.Id)!.Cause, verdictIds);
    }

    private async Task<DrainResult> FailAsync(List<RecomputeRequest> requests, Exception error, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        var ids = requests.Select(r => r.Id).ToList();
        var tracked = await db.RecomputeRequests.Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        foreach (var request in tracked)
        {
            request.Attempts++;
            request.LastError = Truncate($"{error.GetType().Name}: {error.Message}", Limits.TextLength);
            request.ClaimedBy = null;
            request.ClaimedUntil = null;
            if (request.Attempts >= MaxAttempts) request.FailedAt = now;
            else request.NextAttemptAt = now + Backoff[request.Attempts - 1];
        }
        await db.SaveChangesAsync(ct);
        LogFailure(logger, error, string.Join(", ", tracked.Select(r => r.SourceId).Distinct()));
        return new DrainResult(0, 0, 0, tracked.Count);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recompute failed for source(s) {Sources}; will retry with backoff.")]
    private static partial void LogFailure(ILogger logger, Exception error, string sources);
}

/// <summary>
/// Makes recomputing chosen sources fail, so the retry, backoff and parking paths can be exercised end to end.
/// Empty in normal operation; tests reach it through the service provider.
/// </summary>
public sealed class RecomputeFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _faulted = new();

    public void Fail(int sourceId, string message) => _faulted[sourceId] = message;

    public void Heal(int sourceId) => _faulted.TryRemove(sourceId, out _);

    public void ThrowIfFaulted(int sourceId)
    {
        if (_faulted.TryGetValue(sourceId, out var message)) throw new InvalidOperationException(message);
    }
}
