using System.Data.Common;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Board;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Http;
using Reliability.Server.Scoring;

namespace Reliability.Server.Sources;

/// <summary>A source with its current score; <c>trend</c> (the last score versions' reliability, oldest first) only on the board snapshot.</summary>
public sealed record SourceDto(int Id, string Name, SourceKind Kind, IReadOnlyList<string> Aliases, string? Url, string? Description,
    DateTimeOffset CreatedAt, ScoreDto? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? Trend = null);

public sealed record SourceRequest(string? Name, SourceKind? Kind, List<string?>? Aliases, string? Url, string? Description);

public static class SourcesApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    public static RouteGroupBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sources").WithTags("Sources").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/", List);
        group.MapGet("/{id:int}", Get);
        group.MapGet("/{id:int}/claims", ClaimsOf);
        group.MapGet("/{id:int}/history", History);
        group.MapPost("/", Create).RequireAuthorization(Roles.Member);
        group.MapPut("/{id:int}", Update).RequireAuthorization(Roles.Member);
        return group;
    }

    /// <summary>Sources with their current score; <c>search</c> matches names and aliases case-insensitively.</summary>
    public static async Task<Results<Ok<List<SourceDto>>, ValidationProblem>> List(
        ReliabilityDb db, HttpResponse response, string? search, string? kind, int? limit, int? offset, CancellationToken ct)
    {
        var v = new Validator();
        var term = v.Text("search", search, Limits.NameLength);
        SourceKind? kindFilter = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (SourceKinds.TryParse(kind, out var parsed)) kindFilter = parsed;
            else v.Add("kind", $"'kind' must be one of {string.Join(", ", SourceKinds.Names)}.");
        }
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) v.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        var skip = offset ?? 0;
        if (skip < 0) v.Add("offset", "'offset' must not be negative.");
        if (!v.IsValid) return v.Problem();

        if (term is not null && db.Database.IsSqlite())
        {
            var (count, page) = await SourceSearch.SqliteAsync(db, SourceSearch.Fold(term), kindFilter, skip, take, ct);
            response.Headers["X-Total-Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok(page);
        }

        var query = db.Sources.AsNoTracking();
        // (SQL Server orders names by its collation, and its planner has statistics: it keeps the plain query.)
        if (term is not null)
        {
            var folded = SourceSearch.Fold(term);
            query = query.Where(s => s.SearchText.Contains(folded));
        }
        if (kindFilter is { } k) query = query.Where(s => s.Kind == k);
        var total = await query.CountAsync(ct);
        var rows = await WithScoreAsync(db, query.OrderBy(s => s.Name).Skip(skip).Take(take), ct);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(rows.Select(r => ToDto(r.Source, r.Score)).ToList());
    }

    public static async Task<Results<Ok<SourceDto>, ProblemHttpResult>> Get(int id, ReliabilityDb db, CancellationToken ct)
    {
        var row = (await WithScoreAsync(db, db.Sources.AsNoTracking().Where(s => s.Id == id), ct)).FirstOrDefault();
        return row is null ? Problems.NotFound("Source", id) : TypedResults.Ok(ToDto(row.Source, row.Score));
    }

    public static async Task<Results<Ok<List<ClaimDto>>, ProblemHttpResult, ValidationProblem>> ClaimsOf(
        int id, string? status, ReliabilityDb db, ScoreKeeper scores, CancellationToken ct)
    {
        ClaimStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (ClaimStatuses.TryParse(status, out var parsed)) statusFilter = parsed;
            else return Problems.Field("status", $"'status' must be one of {string.Join(", ", ClaimStatuses.Names)}.");
        }
        if (!await db.Sources.AnyAsync(s => s.Id == id, ct)) return Problems.NotFound("Source", id);
        var claims = await ClaimsApi.LoadClaimsAsync(db, scores, db.Claims.Where(c => c.SourceId == id), ct);
        return TypedResults.Ok(claims.Where(c => statusFilter is null || c.Status == statusFilter)
            .OrderByDescending(c => c.MadeAt).ThenByDescending(c => c.Id).ToList());
    }

    /// <summary>Score versions, newest first, each with the verdicts that caused it and how far it moved.</summary>
    public static async Task<Results<Ok<List<ScoreHistoryEntry>>, ProblemHttpResult, ValidationProblem>> History(
        int id, int? limit, ReliabilityDb db, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxLimit) return Problems.Field("limit", $"'limit' must be between 1 and {MaxLimit}.");
        if (!await db.Sources.AnyAsync(s => s.Id == id, ct)) return Problems.NotFound("Source", id);
        var versions = await db.ScoreVersions.AsNoTracking().Where(v => v.SourceId == id)
            .OrderByDescending(v => v.Version).Take(take).ToListAsync(ct);
        return TypedResults.Ok(versions.Select(ScoreHistoryEntry.From).ToList());
    }

    public static async Task<Results<Created<SourceDto>, ValidationProblem, ProblemHttpResult>> Create(
        SourceRequest request, ReliabilityDb db, ScoreKeeper scores, ChangeFeedSignal feed, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = Validate(request);
        if (!v.IsValid) return v.Problem();
        var name = request.Name!.Trim();

        var created = await db.InTransactionAsync<Results<Created<SourceDto>, ValidationProblem, ProblemHttpResult>>(async ct =>
        {
            if (await NameTakenAsync(db, name, exceptId: null, ct)) return (DuplicateName(name), false);
            var source = new Source { Name = name, CreatedAt = time.GetUtcNow() };
            Apply(source, request);
            db.Sources.Add(source);
            await db.SaveChangesAsync(ct);
            var added = await scores.RecomputeAsync([source.Id], "created", [], ct);
            db.Record(time, AuditLog.Actor(user), "source.create", nameof(Source), source.Id, null, Snapshot(source));
            await db.SaveChangesAsync(ct);
            return (TypedResults.Created($"/api/sources/{source.Id}", ToDto(source, added.FirstOrDefault())), true);
        }, ct);
        feed.Notify();
        return created;
    }

    public static async Task<Results<Ok<SourceDto>, ValidationProblem, ProblemHttpResult>> Update(
        int id, SourceRequest request, ReliabilityDb db, ChangeFeedSignal feed, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = Validate(request);
        if (!v.IsValid) return v.Problem();
        var name = request.Name!.Trim();

        var updated = await db.InTransactionAsync<Results<Ok<SourceDto>, ValidationProblem, ProblemHttpResult>>(async ct =>
        {
            var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (source is null) return (Problems.NotFound("Source", id), false);
            if (await NameTakenAsync(db, name, exceptId: id, ct)) return (DuplicateName(name), false);
            var before = Snapshot(source);
            Apply(source, request);
            db.Record(time, AuditLog.Actor(user), "source.update", nameof(Source), source.Id, before, Snapshot(source));
            var score = await db.ScoreVersions.AsNoTracking().Where(s => s.SourceId == id).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
            var dto = ToDto(source, score);
            db.AppendSourceChanged(dto, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return (TypedResults.Ok(dto), true);
        }, ct);
        feed.Notify();
        return updated;
    }

    private static Validator Validate(SourceRequest request)
    {
        var v = new Validator();
        v.Text("name", request.Name, Limits.NameLength, required: true);
        v.Required("kind", request.Kind);
        if (request.Kind is { } kind && !Enum.IsDefined(kind)) v.Add("kind", $"'kind' must be one of {string.Join(", ", SourceKinds.Names)}.");
        v.List("aliases", request.Aliases, Limits.MaxAliases, Limits.NameLength);
        v.Url("url", request.Url);
        v.Text("description", request.Description, Limits.TextLength);
        return v;
    }

    private static void Apply(Source source, SourceRequest request)
    {
        var v = new Validator(); // already validated; reuse its trimming and de-duplication
        source.Name = request.Name!.Trim();
        source.Kind = request.Kind!.Value;
        source.Aliases = v.List("aliases", request.Aliases, Limits.MaxAliases, Limits.NameLength)
            .Where(a => !a.Equals(source.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        source.Url = v.Url("url", request.Url);
        source.Description = v.Text("description", request.Description, Limits.TextLength);
        source.SearchText = SourceSearch.Build(source.Name, source.Aliases);
    }

    private static Task<bool> NameTakenAsync(ReliabilityDb db, string name, int? exceptId, CancellationToken ct)
    {
        var folded = name.ToLowerInvariant();
        return db.Sources.AnyAsync(s => s.Name.ToLower() == folded && s.Id != exceptId, ct);
    }

    private static ProblemHttpResult DuplicateName(string name) =>
        Problems.Conflict($"A source named '{name}' already exists.", "Source names are unique (case-insensitive); add the new spelling as an alias instead.");

    private static object Snapshot(Source s) => new { s.Id, s.Name, s.Kind, s.Aliases, s.Url, s.Description };

    internal sealed record SourceWithScore(Source Source, ScoreVersion? Score);

    /// <summary>
    /// The sources with their latest score version, in two indexed queries. (Selecting <c>s.Scores.OrderByDescending(…).FirstOrDefault()</c>
    /// in one query made SQLite number every score version of every source with ROW_NUMBER on each call: 24 ms for one source at 10k sources.)
    /// </summary>
    internal static async Task<List<SourceWithScore>> WithScoreAsync(ReliabilityDb db, IQueryable<Source> sources, CancellationToken ct, bool allSources = false)
    {
        // One connection for both queries: opening one costs more than either query here (EF Core sets every SQLite connection up on open).
        await db.Database.OpenConnectionAsync(ct);
        return await WithScoreAsync(db, await sources.ToListAsync(ct), ct, allSources);
    }

    /// <summary>As above, for sources already read.</summary>
    internal static async Task<List<SourceWithScore>> WithScoreAsync(ReliabilityDb db, List<Source> rows, CancellationToken ct, bool allSources = false)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(s => s.Id).ToList();
        // One id (GET /api/sources/{id}, a search with one match) as a plain equality: EF's expansion of Contains costs ~0.15 ms more.
        var only = ids.Count == 1 ? ids[0] : 0;
        var latest = allSources ? ScoreKeeper.LatestVersions(db)
            : ids.Count == 1 ? ScoreKeeper.LatestVersions(db).Where(v => v.SourceId == only)
            : ScoreKeeper.LatestVersions(db).Where(v => ids.Contains(v.SourceId));
        var scores = await latest.ToDictionaryAsync(v => v.SourceId, ct);
        return [.. rows.Select(s => new SourceWithScore(s, scores.GetValueOrDefault(s.Id)))];
    }

    internal static SourceDto ToDto(Source s, ScoreVersion? score) =>
        new(s.Id, s.Name, s.Kind, s.Aliases, s.Url, s.Description, s.CreatedAt, ScoreDto.From(score));
}

public static class SourceSearch
{
    public static string Fold(string text) => text.Trim().ToLowerInvariant();

    /// <summary>More matches than this are found by scanning instead, which reads whole rows for the requested page only.</summary>
    public const int MaxIndexedMatches = 500;

    /// <summary>
    /// A search on SQLite, with raw commands on the context's connection (opened once): EF Core's per-query overhead was
    /// most of a search's cost. A term of three characters or more goes through the trigram index "SourcesSearch"
    /// (migration SourceSearchIndex, queried by <see cref="IndexQuery"/>) in one statement that returns the matching sources
    /// with their latest score; each candidate the index finds is confirmed with <c>instr</c>, so the answer is exactly a
    /// substring scan of SearchText.
    /// Shorter terms, and terms matching more than <see cref="MaxIndexedMatches"/> sources, scan SearchText for ids and
    /// names, then read the requested page whole. Matches are ordered by name with <see cref="StringComparer.Ordinal"/>.
    /// </summary>
    internal static async Task<(int Total, List<SourceDto> Page)> SqliteAsync(
        ReliabilityDb db, string folded, SourceKind? kind, int skip, int take, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var kindFilter = kind is null ? "" : """ AND s."Kind" = $kind""";
        if (UsesIndex(folded))
        {
            await using var search = Command(connection, folded, kind, $"""
                {SourceRows.Select} FROM "SourcesSearch" AS m JOIN "Sources" AS s ON s."Id" = m.rowid {SourceRows.LatestScore}
                WHERE "SourcesSearch" MATCH $match AND instr(s."SearchText", $term) > 0{kindFilter} LIMIT {MaxIndexedMatches + 1}
                """);
            search.Parameters.Add(new SqliteParameter("$match", IndexQuery(folded)));
            var found = await SourceRows.ReadAsync(search, ct);
            if (found.Count <= MaxIndexedMatches)
                return (found.Count, [.. found.OrderBy(f => f.Name, StringComparer.Ordinal).Skip(skip).Take(take)]);
        }

        // Asked to ORDER BY Name, SQLite walks the Name index over every source and looks each row up (3–8 ms at 10k
        // sources): find the matches in one scan, sort them here, read the page.
        var matches = new List<(int Id, string Name)>();
        await using (var scan = Command(connection, folded, kind, $"""SELECT s."Id", s."Name" FROM "Sources" AS s WHERE instr(s."SearchText", $term) > 0{kindFilter}"""))
        await using (var reader = await scan.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) matches.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        var ids = matches.OrderBy(m => m.Name, StringComparer.Ordinal).Skip(skip).Take(take).Select(m => m.Id).ToList();
        if (ids.Count == 0) return (matches.Count, []);
        await using var pageRows = Command(connection, null, null, $"""
            {SourceRows.Select} FROM json_each($ids) AS p JOIN "Sources" AS s ON s."Id" = p.value {SourceRows.LatestScore}
            """);
        pageRows.Parameters.Add(new SqliteParameter("$ids", JsonSerializer.Serialize(ids)));
        var byId = (await SourceRows.ReadAsync(pageRows, ct)).ToDictionary(r => r.Id);
        return (matches.Count, [.. ids.Select(id => byId[id])]);
    }

    /// <summary>
    /// Whether a term goes through the trigram index: three characters or more, none outside the Basic Multilingual Plane
    /// (the index counts code points, .NET UTF-16 units; such terms scan).
    /// </summary>
    internal static bool UsesIndex(string folded) => folded.Length >= 3 && !folded.Any(char.IsSurrogate);

    /// <summary>How many of a long term's trigrams the index is asked for.</summary>
    private const int IndexedTrigrams = 4;

    /// <summary>
    /// The index query for a term: the term itself as a phrase when it has at most <see cref="IndexedTrigrams"/> trigrams,
    /// otherwise that many of its trigrams spread over it, first and last among them. Every source containing the term
    /// contains them, and <c>instr</c> confirms each one found. (A whole source name as a phrase looks up its 15 or so
    /// trigrams with their positions: 0.22 ms a search at 10k sources; four of them 0.065 ms, with 2% more candidates.)
    /// </summary>
    internal static string IndexQuery(string folded)
    {
        static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var trigrams = folded.Length - 2;
        if (trigrams <= IndexedTrigrams) return Quote(folded);
        return string.Join(" AND ", Enumerable.Range(0, IndexedTrigrams)
            .Select(i => (int)Math.Round(i * (trigrams - 1) / (double)(IndexedTrigrams - 1))).Distinct()
            .Select(start => Quote(folded.Substring(start, 3))));
    }

    /// <summary>A command on the context's connection; the term and the kind filter, where given, as parameters.</summary>
    private static DbCommand Command(DbConnection connection, string? folded, SourceKind? kind, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (folded is not null) command.Parameters.Add(new SqliteParameter("$term", folded));
        if (kind is { } k) command.Parameters.Add(new SqliteParameter("$kind", k.ToString()));
        return command;
    }

    /// <summary>Name and aliases, folded, one per line: what <c>?search=</c> matches against.</summary>
    public static string Build(string name, IEnumerable<string> aliases)
    {
        var text = string.Join('\n', new[] { name }.Concat(aliases).Select(Fold));
        return text.Length <= Limits.SearchTextLength ? text : text[..Limits.SearchTextLength];
    }
}

/// <summary>Sources with their latest score read by a raw SQLite command, straight into <see cref="SourceDto"/>s.</summary>
internal static class SourceRows
{
    /// <summary>The columns <see cref="ReadAsync"/> reads, from <c>s</c> (Sources) and <c>v</c> (<see cref="LatestScore"/>).</summary>
    public const string Select = """
        SELECT s."Id", s."Name", s."Kind", s."Aliases", s."Url", s."Description", s."CreatedAt",
            v."Version", v."Reliability", v."Lower", v."Upper", v."Grade", v."Confirmed", v."Refuted", v."Open", v."PartlyTrue",
            v."Retracted", v."Unverifiable", v."ResolvedWeight", v."Brier", v."CalibratedClaims", v."Overconfident", v."ComputedAt"
        """;

    /// <summary>Each source's newest score version, as <c>v</c>: one lookup on the (SourceId, Version) index per source.</summary>
    public const string LatestScore = """
        LEFT JOIN "ScoreVersions" AS v ON v."SourceId" = s."Id"
            AND v."Version" = (SELECT MAX(x."Version") FROM "ScoreVersions" AS x WHERE x."SourceId" = s."Id")
        """;

    // The model's SQLite conversions (SqliteReliabilityDb): enums as their names, DateTimeOffset as a sortable integer,
    // Aliases as a JSON array (EF Core's primitive collection).
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    public static async Task<List<SourceDto>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<SourceDto>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var score = r.IsDBNull(7) ? null : new ScoreDto(
                Reliability: r.GetDouble(8), Lower: r.GetDouble(9), Upper: r.GetDouble(10), Grade: r.GetString(11),
                Confirmed: r.GetInt32(12), Refuted: r.GetInt32(13), Open: r.GetInt32(14), PartlyTrue: r.GetInt32(15),
                Retracted: r.GetInt32(16), Unverifiable: r.GetInt32(17), ResolvedWeight: r.GetDouble(18),
                Brier: r.IsDBNull(19) ? null : r.GetDouble(19), CalibratedClaims: r.GetInt32(20), Overconfident: r.GetBoolean(21),
                Version: r.GetInt32(7), ComputedAt: (DateTimeOffset)Time.ConvertFromProvider(r.GetInt64(22))!);
            rows.Add(new SourceDto(r.GetInt32(0), r.GetString(1), Enum.Parse<SourceKind>(r.GetString(2)),
                JsonSerializer.Deserialize<List<string>>(r.GetString(3)) ?? [], r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), (DateTimeOffset)Time.ConvertFromProvider(r.GetInt64(6))!, score));
        }
        return rows;
    }
}

public static class SourceKinds
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<SourceKind>().Select(k => k.ToString().ToLowerInvariant())];

    public static bool TryParse(string value, out SourceKind kind) =>
        Enum.TryParse(value.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);
}
