using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Auth;
using Reliability.Server.Data;

namespace Reliability.Server.Jobs;

public sealed record RecomputeRun(int SourceId, string SourceName, int Version, string Cause, IReadOnlyList<int> CauseVerdictIds, DateTimeOffset ComputedAt);

/// <summary>
/// What the recompute machinery is doing. Scores are recomputed inside each write's transaction for now,
/// so the queue is always empty; the runs are the latest stored score versions.
/// </summary>
public sealed record JobsStatus(string Mode, int QueueDepth, double? OldestPendingSeconds, IReadOnlyList<RecomputeRun> LastRuns, IReadOnlyList<object> Failures);

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/", Status);
        return group;
    }

    public static async Task<Ok<JobsStatus>> Status(ReliabilityDb db, CancellationToken ct)
    {
        var runs = await db.ScoreVersions.AsNoTracking().OrderByDescending(v => v.Id).Take(20)
            .Join(db.Sources, v => v.SourceId, s => s.Id, (v, s) => new { v, s.Name })
            .ToListAsync(ct);
        return TypedResults.Ok(new JobsStatus("inline", 0, null,
            [.. runs.Select(r => new RecomputeRun(r.v.SourceId, r.Name, r.v.Version, r.v.Cause, r.v.CauseVerdictIds, r.v.ComputedAt))], []));
    }
}
