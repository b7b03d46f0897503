using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Reliability.Server.Board;
using Reliability.Server.Data;

namespace Reliability.Server.Scoring;

/// <summary>
/// Recomputes sources' scores from their full record and appends a new <see cref="ScoreVersion"/>
/// when, and only when, the score changed. Runs inside the caller's unit of work.
/// </summary>
public sealed class ScoreKeeper(ReliabilityDb db, TimeProvider time, IOptions<ScoringOptions> options)
{
    /// <summary>The source of <paramref name="claimId"/> and of every claim that echoes it, directly or through a chain.</summary>
    public async Task<HashSet<int>> AffectedSourcesAsync(int claimId, CancellationToken cancellationToken)
    {
        var sources = new HashSet<int>();
        var seen = new HashSet<int> { claimId };
        var frontier = new List<int> { claimId };
        var own = await db.Claims.Where(c => c.Id == claimId).Select(c => c.SourceId).FirstAsync(cancellationToken);
        sources.Add(own);
        while (frontier.Count > 0)
        {
            var echoes = await db.Claims.Where(c => c.RepeatsClaimId != null && frontier.Contains(c.RepeatsClaimId.Value))
                .Select(c => new { c.Id, c.SourceId }).ToListAsync(cancellationToken);
            frontier = [.. echoes.Where(e => seen.Add(e.Id)).Select(e => e.Id)];
            sources.UnionWith(echoes.Select(e => e.SourceId));
        }
        return sources;
    }

    /// <summary>
    /// Loads the claims of <paramref name="sourceIds"/> with their latest verdict outcome, plus every claim
    /// their echo chains lead to (which may belong to other sources).
    /// </summary>
    public async Task<Dictionary<int, (int SourceId, ScoredClaim Claim)>> LoadRecordAsync(IReadOnlyCollection<int> sourceIds, CancellationToken cancellationToken)
    {
        var record = new Dictionary<int, (int, ScoredClaim)>();
        foreach (var row in await RowsAsync(ClaimKey.SourceId, sourceIds, cancellationToken)) record[row.Claim.ClaimId] = (row.SourceId, row.Claim);

        await AddOriginsAsync(record, cancellationToken);
        return record;
    }

    /// <summary>Follows echo links outward until every origin the record refers to is loaded.</summary>
    public async Task AddOriginsAsync(Dictionary<int, (int SourceId, ScoredClaim Claim)> record, CancellationToken cancellationToken)
    {
        // Origins are always earlier claims, so chains are finite; stop too if an origin is missing.
        var missing = MissingOrigins(record);
        while (missing.Count > 0)
        {
            var rows = await RowsAsync(ClaimKey.Id, missing, cancellationToken);
            foreach (var row in rows) record[row.Claim.ClaimId] = (row.SourceId, row.Claim);
            if (rows.Count == 0) break;
            missing = MissingOrigins(record);
        }
    }

    private static List<int> MissingOrigins(Dictionary<int, (int SourceId, ScoredClaim Claim)> record) =>
        [.. record.Values.Select(r => r.Claim.RepeatsClaimId).OfType<int>().Where(id => !record.ContainsKey(id)).Distinct()];

    private sealed record Row(int SourceId, ScoredClaim Claim);

    private enum ClaimKey { Id, SourceId }

    /// <summary>The claims whose <paramref name="key"/> is one of <paramref name="keys"/>, as scoring reads them.</summary>
    private Task<List<Row>> RowsAsync(ClaimKey key, IReadOnlyCollection<int> keys, CancellationToken ct) =>
        db.Database.IsSqlite() ? SqliteRowsAsync(key.ToString(), keys, ct)
            : Rows(key == ClaimKey.Id ? db.Claims.Where(c => keys.Contains(c.Id)) : db.Claims.Where(c => keys.Contains(c.SourceId))).ToListAsync(ct);

    /// <summary>
    /// The same rows as <see cref="Rows"/>, read with a plain data reader: a full recompute reads every claim, and EF's
    /// materializer (nested records, DateOnly from text) cost about 2 µs a row, twice what SQLite takes to find it.
    /// </summary>
    private async Task<List<Row>> SqliteRowsAsync(string keyColumn, IReadOnlyCollection<int> keys, CancellationToken ct)
    {
        var rows = new List<Row>(keys.Count);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // 500 keys a statement keeps well under SQLite's limit on parameters.
            foreach (var chunk in keys.Chunk(500))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var names = new string[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = names[i] = "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    parameter.Value = chunk[i];
                    command.Parameters.Add(parameter);
                }
                command.CommandText = $"""
                    SELECT c."Id", c."SourceId", c."MadeAt", c."StatedConfidence", c."RepeatsClaimId",
                           (SELECT v."Outcome" FROM "Verdicts" AS v WHERE v."ClaimId" = c."Id" ORDER BY v."Id" DESC LIMIT 1)
                    FROM "Claims" AS c WHERE c."{keyColumn}" IN ({string.Join(',', names)})
                    """;
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(new Row(reader.GetInt32(1), new ScoredClaim(
                        reader.GetInt32(0),
                        DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        reader.IsDBNull(3) ? null : reader.GetDouble(3),
                        reader.IsDBNull(4) ? null : reader.GetInt32(4),
                        reader.IsDBNull(5) ? null : Enum.Parse<VerdictOutcome>(reader.GetString(5)))));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return rows;
    }

    private static IQueryable<Row> Rows(IQueryable<Claim> claims) =>
        claims.Select(c => new Row(c.SourceId, new ScoredClaim(c.Id, c.MadeAt, c.StatedConfidence, c.RepeatsClaimId,
            c.Verdicts.OrderByDescending(v => v.Id).Select(v => (VerdictOutcome?)v.Outcome).FirstOrDefault())));

    /// <summary>
    /// Scores each source as of <paramref name="asOf"/> (default now) and adds a version where the score moved.
    /// Returns the added versions (not yet saved); each has its <c>score-changed</c> event in the board's change feed.
    /// </summary>
    public Task<List<ScoreVersion>> RecomputeAsync(IReadOnlyCollection<int> sourceIds, string cause, IReadOnlyList<int> causeVerdictIds,
        CancellationToken cancellationToken, DateTimeOffset? asOf = null) =>
        RecomputeAsync(sourceIds.Distinct().ToDictionary(id => id, _ => new ScoreCause(cause, causeVerdictIds)), cancellationToken, asOf);

    /// <summary>As above, with each source's own cause.</summary>
    public async Task<List<ScoreVersion>> RecomputeAsync(IReadOnlyDictionary<int, ScoreCause> causes, CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        // Whole milliseconds: what every provider stores exactly, so the pushed score equals the stored one.
        var when = TruncateToMilliseconds(asOf ?? time.GetUtcNow());
        var scores = await ScoreAsync([.. causes.Keys], when, cancellationToken);
        return await StoreAsync(causes, scores, when, cancellationToken);
    }

    /// <summary>Scores each source from its full record as of <paramref name="when"/>; stores nothing.</summary>
    public async Task<Dictionary<int, SourceScore>> ScoreAsync(IReadOnlyCollection<int> sourceIds, DateTimeOffset when, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(when.UtcDateTime);
        var record = await LoadRecordAsync(sourceIds, cancellationToken);
        var claimsById = record.ToDictionary(r => r.Key, r => r.Value.Claim);
        var bySource = record.Values.ToLookup(r => r.SourceId, r => r.Claim);
        return sourceIds.Distinct().ToDictionary(id => id, id => ReliabilityModel.Score(bySource[id], claimsById, today, options.Value));
    }

    /// <summary>
    /// Adds a version for each source whose score differs from its latest one (not yet saved), each with its
    /// <c>score-changed</c> event in the board's change feed.
    /// </summary>
    public async Task<List<ScoreVersion>> StoreAsync(IReadOnlyDictionary<int, ScoreCause> causes, IReadOnlyDictionary<int, SourceScore> scores,
        DateTimeOffset when, CancellationToken cancellationToken)
    {
        var sourceIds = causes.Keys.ToList();
        var latest = await LatestVersionsAsync(sourceIds, cancellationToken);
        var added = new List<ScoreVersion>();
        foreach (var sourceId in sourceIds)
        {
            var score = scores[sourceId];
            // Also consider versions added to this unit of work but not yet saved.
            var previous = db.ScoreVersions.Local.Where(v => v.SourceId == sourceId).MaxBy(v => v.Version)
                ?? latest.GetValueOrDefault(sourceId);
            if (previous is not null && SameScore(previous, score)) continue;

            var version = ToVersion(sourceId, score, when, causes[sourceId].Cause, causes[sourceId].VerdictIds, previous);
            db.ScoreVersions.Add(version);
            added.Add(version);
        }
        // Board clients learn of each new version from the change feed, committed with it.
        await db.AppendScoreChangesAsync(added, cancellationToken);
        return added;
    }

    /// <summary>Each source's newest stored version number (0 when never scored).</summary>
    public async Task<Dictionary<int, int>> LatestVersionNumbersAsync(IReadOnlyCollection<int> sourceIds, CancellationToken cancellationToken)
    {
        var found = await LatestVersions(db).Where(v => sourceIds.Contains(v.SourceId))
            .ToDictionaryAsync(v => v.SourceId, v => v.Version, cancellationToken);
        return sourceIds.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id));
    }

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>Each source's newest stored score version, by source id (sources never scored are absent).</summary>
    public Task<Dictionary<int, ScoreVersion>> LatestVersionsAsync(IReadOnlyCollection<int> sourceIds, CancellationToken cancellationToken) =>
        LatestVersions(db).Where(v => sourceIds.Contains(v.SourceId)).ToDictionaryAsync(v => v.SourceId, cancellationToken);

    /// <summary>
    /// Each source's newest score version: one lookup on the (SourceId, Version) index per source. (Ordering each source's
    /// versions and taking the first made SQLite number every version of every source with ROW_NUMBER.)
    /// </summary>
    public static IQueryable<ScoreVersion> LatestVersions(ReliabilityDb db) =>
        db.ScoreVersions.AsNoTracking().Where(v => v.Version == db.ScoreVersions.Where(x => x.SourceId == v.SourceId).Max(x => x.Version));

    private static ScoreVersion ToVersion(int sourceId, SourceScore s, DateTimeOffset when, string cause, IReadOnlyList<int> causeVerdictIds, ScoreVersion? previous) => new()
    {
        SourceId = sourceId,
        Version = (previous?.Version ?? 0) + 1,
        Reliability = s.Reliability, Lower = s.Lower, Upper = s.Upper, Grade = s.Grade,
        Alpha = s.Alpha, Beta = s.Beta, ResolvedWeight = s.ResolvedWeight,
        Confirmed = s.Confirmed, Refuted = s.Refuted, PartlyTrue = s.PartlyTrue, Retracted = s.Retracted,
        Unverifiable = s.Unverifiable, Open = s.Open,
        Brier = s.Brier, CalibratedClaims = s.CalibratedClaims, Overconfident = s.Overconfident,
        ComputedAt = when,
        Cause = cause,
        CauseVerdictIds = [.. causeVerdictIds],
        Delta = previous is null ? 0 : s.Reliability - previous.Reliability,
    };

    /// <summary>
    /// Equal within 1e-9: decay moves scores by tiny amounts every day, and a version per rounding step would bury the real changes.
    /// </summary>
    public static bool SameScore(ScoreVersion v, SourceScore s) =>
        Close(v.Reliability, s.Reliability) && Close(v.Lower, s.Lower) && Close(v.Upper, s.Upper) && v.Grade == s.Grade
        && Close(v.ResolvedWeight, s.ResolvedWeight)
        && v.Confirmed == s.Confirmed && v.Refuted == s.Refuted && v.PartlyTrue == s.PartlyTrue && v.Retracted == s.Retracted
        && v.Unverifiable == s.Unverifiable && v.Open == s.Open
        && v.Brier.HasValue == s.Brier.HasValue && Close(v.Brier ?? 0, s.Brier ?? 0)
        && v.CalibratedClaims == s.CalibratedClaims && v.Overconfident == s.Overconfident;

    private static bool Close(double a, double b) => Math.Abs(a - b) < 1e-9;
}

/// <summary>Why a source is being rescored: the kind of event and the verdicts behind it.</summary>
public sealed record ScoreCause(string Cause, IReadOnlyList<int> VerdictIds);
