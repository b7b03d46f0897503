using Reliability.Server.Data;

namespace Reliability.Server.Jobs;

public static class RecomputeRequests
{
    /// <summary>Adds a recompute request per source to the caller's unit of work (same transaction as the write).</summary>
    public static void RequestRecompute(this ReliabilityDb db, IEnumerable<int> sourceIds, string cause, IReadOnlyList<int> verdictIds, DateTimeOffset now)
    {
        foreach (var sourceId in sourceIds.Distinct())
        {
            db.RecomputeRequests.Add(new RecomputeRequest
            {
                SourceId = sourceId, Cause = cause, VerdictIds = [.. verdictIds], RequestedAt = now, NextAttemptAt = now,
            });
        }
    }
}
