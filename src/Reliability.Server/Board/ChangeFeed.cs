using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;

namespace Reliability.Server.Board;

/// <summary>A verdict as the board's feed shows it: what was decided, on which claim of which source, and the claim's standing now.</summary>
public sealed record VerdictFeedItem(VerdictDto Verdict, int ClaimId, string ClaimText, int SourceId, string SourceName, ClaimStatus Status);

/// <summary>
/// One change pushed to board clients. <c>score-changed</c> and <c>source-changed</c> carry the source with its current score;
/// <c>score-changed</c> also why it moved; <c>verdict-recorded</c> carries the verdict.
/// </summary>
public sealed record BoardEvent(
    long Sequence, BoardChangeKind Kind, DateTimeOffset At, int SourceId,
    SourceDto? Source, string? Cause, IReadOnlyList<int> CauseVerdictIds, double? Delta,
    VerdictFeedItem? Verdict);

/// <summary>What <c>Resume</c> answers: every change after the client's sequence, or <c>reset</c> when it missed too much to replay.</summary>
public sealed record ResumeResult(long Sequence, bool Reset, IReadOnlyList<BoardEvent> Changes);

/// <summary>Writes the board's change feed inside the caller's unit of work, so a change and its event commit together.</summary>
public static class ChangeFeed
{
    /// <summary>Appends a <c>score-changed</c> event for each new score version (tracked, not yet saved).</summary>
    public static async Task AppendScoreChangesAsync(this ReliabilityDb db, IReadOnlyCollection<ScoreVersion> versions, CancellationToken ct)
    {
        if (versions.Count == 0) return;
        var ids = versions.Select(v => v.SourceId).Distinct().ToList();
        var sources = await db.Sources.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var version in versions)
        {
            var source = SourcesApi.ToDto(sources[version.SourceId], version);
            Append(db, new BoardEvent(0, BoardChangeKind.ScoreChanged, version.ComputedAt, version.SourceId, source,
                version.Cause, version.CauseVerdictIds, version.Delta, null));
        }
    }

    /// <summary>Appends a <c>source-changed</c> event (renames, new aliases) with the source's current score.</summary>
    public static void AppendSourceChanged(this ReliabilityDb db, SourceDto source, DateTimeOffset at) =>
        Append(db, new BoardEvent(0, BoardChangeKind.SourceChanged, at, source.Id, source, null, [], null, null));

    /// <summary>
    /// Appends one <c>verdict-recorded</c> event per verdict not yet announced. Called after the recompute the verdicts caused,
    /// in the same transaction, so a client sees the verdict together with the scores it moved.
    /// </summary>
    public static async Task AppendVerdictsAsync(this ReliabilityDb db, ScoreKeeper scores, IReadOnlyCollection<int> verdictIds, DateTimeOffset at, CancellationToken ct)
    {
        if (verdictIds.Count == 0) return;
        var announced = await db.BoardChanges.Where(c => c.VerdictId != null && verdictIds.Contains(c.VerdictId.Value))
            .Select(c => c.VerdictId!.Value).ToListAsync(ct);
        var fresh = verdictIds.Except(announced).ToList();
        foreach (var item in await FeedItemsAsync(db, scores, db.Verdicts.Where(v => fresh.Contains(v.Id)), ct))
            Append(db, new BoardEvent(0, BoardChangeKind.VerdictRecorded, at, item.SourceId, null, null, [], null, item), item.Verdict.Id);
    }

    /// <summary>The verdicts of <paramref name="verdicts"/> with their claims, oldest first.</summary>
    public static async Task<List<VerdictFeedItem>> FeedItemsAsync(ReliabilityDb db, ScoreKeeper scores, IQueryable<Verdict> verdicts, CancellationToken ct)
    {
        var rows = await verdicts.AsNoTracking().OrderBy(v => v.Id).ToListAsync(ct);
        var claimIds = rows.Select(v => v.ClaimId).Distinct().ToList();
        var claims = (await ClaimsApi.LoadClaimsAsync(db, scores, db.Claims.Where(c => claimIds.Contains(c.Id)), ct)).ToDictionary(c => c.Id);
        return [.. rows.Select(v =>
        {
            var claim = claims[v.ClaimId];
            return new VerdictFeedItem(ClaimsApi.ToDto(v), claim.Id, claim.Text, claim.SourceId, claim.SourceName, claim.Status);
        })];
    }

    private static void Append(ReliabilityDb db, BoardEvent e, int? verdictId = null) =>
        db.BoardChanges.Add(new BoardChange
        {
            Kind = e.Kind, SourceId = e.SourceId, VerdictId = verdictId, At = e.At,
            Payload = JsonSerializer.Serialize(e, Json.Options),
        });

    /// <summary>The stored event with its sequence number filled in.</summary>
    public static BoardEvent ToEvent(BoardChange change) =>
        JsonSerializer.Deserialize<BoardEvent>(change.Payload, Json.Options)! with { Sequence = change.Sequence };
}
