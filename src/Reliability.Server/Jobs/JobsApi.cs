using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Data;
using Reliability.Server.Http;

namespace Reliability.Server.Jobs;

public sealed record JobRunDto(long Id, string Job, string Instance, DateTimeOffset? ScheduledFor, DateTimeOffset StartedAt, double DurationMs,
    int Requests, int SourcesRecomputed, int VersionsStored, int Failures, string? Error);

public sealed record RecomputeFailure(long Id, int SourceId, string SourceName, string Cause, IReadOnlyList<int> VerdictIds, int Attempts,
    string? LastError, DateTimeOffset RequestedAt, DateTimeOffset? FailedAt, DateTimeOffset? NextAttemptAt);

/// <summary>The recompute machinery at a glance: what waits, what ran and how long it took, what failed.</summary>
public sealed record JobsStatus(int QueueDepth, double? OldestPendingSeconds, int Retrying, IReadOnlyList<JobRunDto> LastRuns, IReadOnlyList<RecomputeFailure> Failures);

public sealed record RecomputeAllQueued(int Sources);

public sealed record RetryQueued(int Requests);

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/", Status);
        group.MapGet("/consistency", Consistency);
        group.MapPost("/recompute-all", RecomputeAllNow).RequireAuthorization(Roles.Admin);
        group.MapPost("/failures/retry", RetryAll).RequireAuthorization(Roles.Admin);
        group.MapPost("/failures/{id:long}/retry", RetryOne).RequireAuthorization(Roles.Admin);
        return group;
    }

    public static async Task<Ok<JobsStatus>> Status(ReliabilityDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var pending = db.RecomputeRequests.Where(r => r.FailedAt == null);
        var depth = await pending.CountAsync(ct);
        var oldest = await pending.OrderBy(r => r.Id).Select(r => (DateTimeOffset?)r.RequestedAt).FirstOrDefaultAsync(ct);
        var retrying = await pending.CountAsync(r => r.Attempts > 0, ct);
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(20)
            .Select(r => new JobRunDto(r.Id, r.Job, r.Instance, r.ScheduledFor, r.StartedAt, r.DurationMs, r.Requests, r.SourcesRecomputed, r.VersionsStored, r.Failures, r.Error))
            .ToListAsync(ct);
        var failures = await Failures(db.RecomputeRequests.Where(r => r.FailedAt != null || r.Attempts > 0), db).ToListAsync(ct);
        return TypedResults.Ok(new JobsStatus(depth, oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : null, retrying, runs, failures));
    }

    private static IQueryable<RecomputeFailure> Failures(IQueryable<RecomputeRequest> requests, ReliabilityDb db) =>
        requests.OrderByDescending(r => r.Id).Take(100)
            .Join(db.Sources, r => r.SourceId, s => s.Id, (r, s) => new RecomputeFailure(r.Id, r.SourceId, s.Name, r.Cause, r.VerdictIds, r.Attempts,
                r.LastError, r.RequestedAt, r.FailedAt, r.FailedAt == null ? r.NextAttemptAt : null));

    /// <summary>Compares every stored score with a full recompute of its record.</summary>
    public static async Task<Ok<ConsistencyReport>> Consistency(ConsistencyCheck check, CancellationToken ct) =>
        TypedResults.Ok(await check.RunAsync(ct));

    public static async Task<Accepted<RecomputeAllQueued>> RecomputeAllNow(ReliabilityDb db, TimeProvider time, RecomputeSignal signal, ClaimsPrincipal user, CancellationToken ct)
    {
        var count = await db.InTransactionAsync(async ct =>
        {
            var queued = await RecomputeAll.EnqueueAsync(db, time, "recompute-all", ct);
            db.Record(time, AuditLog.Actor(user), "jobs.recompute-all", "Jobs", null, null, new { Sources = queued });
            await db.SaveChangesAsync(ct);
            return (queued, true);
        }, ct);
        await signal.NotifyAsync(CancellationToken.None);
        return TypedResults.Accepted("/api/jobs", new RecomputeAllQueued(count));
    }

    public static Task<Ok<RetryQueued>> RetryAll(ReliabilityDb db, TimeProvider time, RecomputeSignal signal, ClaimsPrincipal user, CancellationToken ct) =>
        RetryAsync(db.RecomputeRequests.Where(r => r.FailedAt != null), null, db, time, signal, user, ct);

    public static async Task<Results<Ok<RetryQueued>, ProblemHttpResult>> RetryOne(long id, ReliabilityDb db, TimeProvider time, RecomputeSignal signal, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.RecomputeRequests.AnyAsync(r => r.Id == id && r.FailedAt != null, ct))
            return TypedResults.Problem(title: $"No parked recompute failure with id {id}.", statusCode: StatusCodes.Status404NotFound);
        return await RetryAsync(db.RecomputeRequests.Where(r => r.Id == id), id, db, time, signal, user, ct);
    }

    /// <summary>Puts parked requests back in the queue with a fresh set of attempts.</summary>
    private static async Task<Ok<RetryQueued>> RetryAsync(IQueryable<RecomputeRequest> requests, long? id, ReliabilityDb db, TimeProvider time,
        RecomputeSignal signal, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var count = await db.InTransactionAsync(async ct =>
        {
            var parked = await requests.Where(r => r.FailedAt != null).ToListAsync(ct);
            foreach (var r in parked)
            {
                r.FailedAt = null;
                r.Attempts = 0;
                r.NextAttemptAt = now;
                r.ClaimedBy = null;
                r.ClaimedUntil = null;
            }
            db.Record(time, AuditLog.Actor(user), "jobs.retry", nameof(RecomputeRequest), id, null, new { Requests = parked.Select(r => r.Id) });
            await db.SaveChangesAsync(ct);
            return (parked.Count, true);
        }, ct);
        await signal.NotifyAsync(CancellationToken.None);
        return TypedResults.Ok(new RetryQueued(count));
    }
}
