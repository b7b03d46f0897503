using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Auth;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;

namespace Reliability.Server.Board;

/// <summary>
/// Everything the board needs to draw itself, and the feed sequence it is current to: the client resumes the hub from there.
/// </summary>
public sealed record BoardSnapshot(long Sequence, IReadOnlyList<SourceDto> Sources, IReadOnlyList<VerdictFeedItem> Verdicts, int ParkedRecomputes);

public static class BoardApi
{
    /// <summary>Score versions per source in the snapshot's trend (sparkline).</summary>
    public const int TrendLength = 20;
    public const int FeedLength = 20;

    public static IEndpointRouteBuilder MapBoard(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/board").WithTags("Board").RequireAuthorization(ReadAccess.Policy).MapGet("/", Snapshot);
        app.MapHub<BoardHub>(BoardHub.Path).RequireCors(HubOrigins.CorsPolicy);
        return app;
    }

    public static async Task<Ok<BoardSnapshot>> Snapshot(ReliabilityDb db, ScoreKeeper scores, BoardPublisher publisher, CancellationToken ct)
    {
        // Read the watermark first: a change after it may also show in the data below, and clients apply changes idempotently
        // (by score version), so reading it first can only repeat a change, never lose one.
        var sequence = await publisher.WatermarkAsync(ct);
        var rows = await SourcesApi.WithScoreAsync(db, db.Sources.AsNoTracking().OrderBy(s => s.Name), ct, allSources: true);
        var trends = (await db.ScoreVersions.AsNoTracking()
                .Where(v => v.Version > db.ScoreVersions.Where(x => x.SourceId == v.SourceId).Max(x => x.Version) - TrendLength)
                .Select(v => new { v.SourceId, v.Version, v.Reliability }).ToListAsync(ct))
            .ToLookup(v => v.SourceId);
        var verdicts = await ChangeFeed.FeedItemsAsync(db, scores, db.Verdicts.OrderByDescending(v => v.Id).Take(FeedLength), ct);
        var parked = await db.RecomputeRequests.CountAsync(r => r.FailedAt != null, ct);

        var sources = rows.Select(r => SourcesApi.ToDto(r.Source, r.Score) with
        {
            Trend = [.. trends[r.Source.Id].OrderBy(v => v.Version).Select(v => v.Reliability)],
        }).ToList();
        verdicts.Reverse();
        return TypedResults.Ok(new BoardSnapshot(sequence, sources, verdicts, parked));
    }
}
