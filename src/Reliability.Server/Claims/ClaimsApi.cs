using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Data;
using Reliability.Server.Http;
using Reliability.Server.Jobs;
using Reliability.Server.Scoring;
using Reliability.Server.Telemetry;
using Claim = Reliability.Server.Data.Claim;

namespace Reliability.Server.Claims;

/// <summary>A claim's standing: its own latest verdict, or its origin's when it only echoes another claim.</summary>
public enum ClaimStatus { Open, Confirmed, Refuted, PartlyTrue, Unverifiable, Retracted }

public sealed record VerdictDto(int Id, int ClaimId, VerdictOutcome Outcome, IReadOnlyList<string> EvidenceUrls, string? Note, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record ClaimDto(
    int Id, int SourceId, string SourceName, string Text, DateOnly MadeAt, string? Url, string? Citation,
    double? StatedConfidence, string? ConfidencePhrase, int? RepeatsClaimId, IReadOnlyList<string> Tags,
    ClaimStatus Status, int? ResolvedByClaimId, int VerdictCount, VerdictDto? LatestVerdict, DateTimeOffset CreatedAt,
    IReadOnlyList<VerdictDto>? Verdicts = null);

public sealed record ClaimRequest(int? SourceId, string? Text, DateOnly? MadeAt, string? Url, string? Citation,
    double? StatedConfidence, string? ConfidencePhrase, int? RepeatsClaimId, List<string?>? Tags);

public sealed record VerdictRequest(VerdictOutcome? Outcome, string? EvidenceUrl, List<string?>? EvidenceUrls, string? Note);

/// <summary>The recorded verdict, the claim's new standing, and the sources whose recompute it queued.</summary>
public sealed record VerdictRecorded(VerdictDto Verdict, ClaimDto Claim, IReadOnlyList<int> RecomputeQueuedFor);

public static partial class ClaimsApi
{
    public static RouteGroupBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/claims").WithTags("Claims").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/", List);
        group.MapGet("/{id:int}", Get);
        group.MapPost("/", Create).RequireAuthorization(Roles.Member);
        group.MapPost("/{id:int}/verdicts", RecordVerdict).RequireAuthorization(Roles.Moderator);
        return group;
    }

    public static async Task<Results<Ok<List<ClaimDto>>, ValidationProblem>> List(
        string? search, string? tag, string? status, int? limit, ReliabilityDb db, ScoreKeeper scores, CancellationToken ct)
    {
        var v = new Validator();
        var term = v.Text("search", search, Limits.NameLength);
        var tagFilter = v.Text("tag", tag, Limits.TagLength)?.ToLowerInvariant();
        ClaimStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (ClaimStatuses.TryParse(status, out var parsed)) statusFilter = parsed;
            else v.Add("status", $"'status' must be one of {string.Join(", ", ClaimStatuses.Names)}.");
        }
        var take = limit ?? 100;
        if (take is < 1 or > 1000) v.Add("limit", "'limit' must be between 1 and 1000.");
        if (!v.IsValid) return v.Problem();

        var query = db.Claims.AsQueryable();
        if (term is not null) query = query.Where(c => c.Text.ToLower().Contains(term.ToLowerInvariant()));
        if (tagFilter is not null) query = query.Where(c => c.Tags.Contains(tagFilter));
        // Status depends on echo resolution, so filter after loading; newest first.
        var claims = await LoadClaimsAsync(db, scores, query.OrderByDescending(c => c.Id).Take(statusFilter is null ? take : 5000), ct);
        return TypedResults.Ok(claims.Where(c => statusFilter is null || c.Status == statusFilter).Take(take).ToList());
    }

    public static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Get(int id, ReliabilityDb db, ScoreKeeper scores, HttpResponse response, CancellationToken ct)
    {
        var claim = (await LoadClaimsAsync(db, scores, db.Claims.Where(c => c.Id == id), ct, withHistory: true)).FirstOrDefault();
        if (claim is null) return Problems.NotFound("Claim", id);
        response.Headers.ETag = ETag(await db.Claims.Where(c => c.Id == id).Select(c => c.VerdictVersion).FirstAsync(ct));
        return TypedResults.Ok(claim);
    }

    public static async Task<Results<Created<ClaimDto>, ValidationProblem>> Create(
        ClaimRequest request, ReliabilityDb db, ScoreKeeper scores, RecomputeSignal signal, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new Validator();
        var sourceId = v.Required("sourceId", request.SourceId);
        var text = v.Text("text", request.Text, Limits.TextLength, required: true);
        var madeAt = v.Required("madeAt", request.MadeAt);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request.MadeAt is not null && (madeAt < EarliestDate || madeAt > today.AddDays(1)))
            v.Add("madeAt", $"'madeAt' must be between {EarliestDate:yyyy-MM-dd} and today ({today:yyyy-MM-dd}).");
        var url = v.Url("url", request.Url);
        var citation = v.Text("citation", request.Citation, Limits.CitationLength);
        var confidence = request.StatedConfidence;
        if (confidence is { } p && (p < 0 || p > 1 || double.IsNaN(p)))
            v.Add("statedConfidence", "'statedConfidence' must be a probability between 0 and 1.");
        var phrase = v.Text("confidencePhrase", request.ConfidencePhrase, 64)?.ToLowerInvariant();
        if (phrase is not null && !v.Has("confidencePhrase"))
        {
            if (ConfidencePhrases.TryMap(phrase, out var mapped)) confidence ??= mapped;
            else v.Add("confidencePhrase", $"'confidencePhrase' must be one of: {string.Join(", ", ConfidencePhrases.All.Keys)}.");
        }
        var tags = v.List("tags", request.Tags, Limits.MaxTags, Limits.TagLength, lowerCase: true);
        for (var i = 0; i < tags.Count; i++)
            if (!TagPattern().IsMatch(tags[i])) v.Add($"tags[{i}]", "Tags use letters, digits, '-', '_' and '.', starting with a letter or digit.");
        if (request.SourceId is not null && sourceId <= 0) v.Add("sourceId", "'sourceId' must be a positive id.");
        if (request.RepeatsClaimId is <= 0) v.Add("repeatsClaimId", "'repeatsClaimId' must be a positive id.");
        if (!v.IsValid) return v.Problem();

        var created = await db.InTransactionAsync<Results<Created<ClaimDto>, ValidationProblem>>(async ct =>
        {
            if (!await db.Sources.AnyAsync(s => s.Id == sourceId, ct))
                return (Problems.Field("sourceId", $"There is no source with id {sourceId}."), false);
            if (request.RepeatsClaimId is { } originId)
            {
                var origin = await db.Claims.Where(c => c.Id == originId).Select(c => new { c.MadeAt }).FirstOrDefaultAsync(ct);
                if (origin is null) return (Problems.Field("repeatsClaimId", $"There is no claim with id {originId}."), false);
                if (origin.MadeAt > madeAt)
                    return (Problems.Field("repeatsClaimId", $"Claim {originId} was made on {origin.MadeAt:yyyy-MM-dd}, after this one; a claim can only repeat an earlier one."), false);
            }
            var claim = new Claim
            {
                SourceId = sourceId, Text = text!, MadeAt = madeAt, Url = url, Citation = citation,
                StatedConfidence = confidence, ConfidencePhrase = phrase, RepeatsClaimId = request.RepeatsClaimId,
                Tags = tags, CreatedAt = time.GetUtcNow(),
            };
            db.Claims.Add(claim);
            await db.SaveChangesAsync(ct);
            // A new claim changes its source's counts (and, echoing a resolved origin, its score): queue the recompute with the write.
            db.RequestRecompute([sourceId], "claim", [], time.GetUtcNow());
            db.Record(time, AuditLog.Actor(user), "claim.create", nameof(Claim), claim.Id, null, Snapshot(claim));
            await db.SaveChangesAsync(ct);
            var dto = (await LoadClaimsAsync(db, scores, db.Claims.Where(c => c.Id == claim.Id), ct)).Single();
            return (TypedResults.Created($"/api/claims/{claim.Id}", dto), true);
        }, ct);
        if (created.Result is Created<ClaimDto>) await signal.NotifyAsync(CancellationToken.None);
        return created;
    }

    /// <summary>
    /// Appends a verdict and recomputes every source whose score it can move, in one transaction.
    /// With <c>If-Match</c> (the claim's ETag) a moderator who saw an older verdict history gets 409 instead of silently superseding.
    /// </summary>
    public static async Task<Results<Created<VerdictRecorded>, ValidationProblem, ProblemHttpResult>> RecordVerdict(
        int id, VerdictRequest request, HttpRequest http, ReliabilityDb db, ScoreKeeper scores, RecomputeSignal signal, TimeProvider time, ReliabilityMetrics metrics, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new Validator();
        var outcome = v.Required("outcome", request.Outcome);
        if (request.Outcome is { } o && !Enum.IsDefined(o)) v.Add("outcome", "'outcome' is not a known outcome.");
        var evidence = new List<string>();
        if (v.Url("evidenceUrl", request.EvidenceUrl) is { } single) evidence.Add(single);
        var listed = v.List("evidenceUrls", request.EvidenceUrls, Limits.MaxEvidenceUrls, Limits.UrlLength);
        for (var i = 0; i < listed.Count; i++) if (v.Url($"evidenceUrls[{i}]", listed[i]) is { } u && !evidence.Contains(u)) evidence.Add(u);
        var note = v.Text("note", request.Note, Limits.TextLength);
        if (v.IsValid && evidence.Count == 0 && note is null)
            v.Add("evidenceUrl", "Give the grounds: an 'evidenceUrl' (or 'evidenceUrls'), a 'note', or both.");
        string? ifMatch = http.Headers.IfMatch;
        if (!v.IsValid) return v.Problem();

        try
        {
            var recorded = await db.InTransactionAsync<Results<Created<VerdictRecorded>, ValidationProblem, ProblemHttpResult>>(async ct =>
            {
                var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == id, ct);
                if (claim is null) return (Problems.NotFound("Claim", id), false);
                if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*" && !ETagMatches(ifMatch, claim.VerdictVersion))
                    return (VerdictHistoryMoved(claim), false);

                var verdict = new Verdict
                {
                    ClaimId = id, Outcome = outcome, EvidenceUrls = evidence, Note = note,
                    RecordedBy = AuditLog.Actor(user), RecordedAt = time.GetUtcNow(),
                };
                db.Verdicts.Add(verdict);
                claim.VerdictVersion++;
                await db.SaveChangesAsync(ct);

                // The claim's source and every source echoing it can move: queue their recomputes in this transaction.
                var affected = await scores.AffectedSourcesAsync(id, ct);
                db.RequestRecompute(affected, "verdict", [verdict.Id], time.GetUtcNow());
                db.Record(time, AuditLog.Actor(user), "verdict.record", nameof(Verdict), verdict.Id, null, ToDto(verdict));
                await db.SaveChangesAsync(ct);

                var claimDto = (await LoadClaimsAsync(db, scores, db.Claims.Where(c => c.Id == id), ct)).Single();
                http.HttpContext.Response.Headers.ETag = ETag(claim.VerdictVersion);
                var result = new VerdictRecorded(ToDto(verdict), claimDto, [.. affected.Order()]);
                return (TypedResults.Created($"/api/claims/{id}", result), true);
            }, ct);
            if (recorded.Result is Created<VerdictRecorded>)
            {
                metrics.VerdictRecorded(System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString()));
                await signal.NotifyAsync(CancellationToken.None);
            }
            return recorded;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another moderator's verdict committed between our read and write.
            return Problems.Conflict($"Claim {id} received another verdict while this one was being recorded.",
                "Reload the claim, read its verdict history, and record yours again if it still stands.");
        }
    }

    private static ProblemHttpResult VerdictHistoryMoved(Claim claim) =>
        Problems.Conflict($"Claim {claim.Id}'s verdict history has moved on since you read it.",
            "Another verdict was recorded after the version you saw (If-Match). Reload the claim, read its history, and record yours again if it still stands.",
            new Dictionary<string, object?> { ["currentETag"] = ETag(claim.VerdictVersion) });

    public static string ETag(int verdictVersion) => $"\"v{verdictVersion}\"";

    private static bool ETagMatches(string ifMatch, int verdictVersion) =>
        ifMatch.Split(',').Select(t => t.Trim()).Select(t => t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t)
            .Any(t => t == ETag(verdictVersion));

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}\-_.]*$")]
    private static partial Regex TagPattern();

    private static object Snapshot(Claim c) => new
    {
        c.Id, c.SourceId, c.Text, c.MadeAt, c.Url, c.Citation, c.StatedConfidence, c.ConfidencePhrase, c.RepeatsClaimId, c.Tags,
    };

    public static VerdictDto ToDto(Verdict v) => new(v.Id, v.ClaimId, v.Outcome, v.EvidenceUrls, v.Note, v.RecordedBy, v.RecordedAt);

    /// <summary>Loads claims with their verdicts and resolves each one's status through its echo chain.</summary>
    internal static async Task<List<ClaimDto>> LoadClaimsAsync(ReliabilityDb db, ScoreKeeper scores, IQueryable<Claim> query, CancellationToken ct, bool withHistory = false)
    {
        var claims = await query.AsNoTracking().Include(c => c.Source).Include(c => c.Verdicts).ToListAsync(ct);
        var record = claims.ToDictionary(c => c.Id, c => (c.SourceId, new ScoredClaim(c.Id, c.MadeAt, c.StatedConfidence, c.RepeatsClaimId,
            c.Verdicts.OrderByDescending(x => x.Id).Select(x => (VerdictOutcome?)x.Outcome).FirstOrDefault())));
        await scores.AddOriginsAsync(record, ct);
        var byId = record.ToDictionary(r => r.Key, r => r.Value.Item2);

        return [.. claims.Select(c =>
        {
            var verdicts = c.Verdicts.OrderBy(x => x.Id).Select(ToDto).ToList();
            var status = ReliabilityModel.EffectiveOutcome(byId[c.Id], byId) is { } outcome ? ClaimStatuses.From(outcome) : ClaimStatus.Open;
            int? resolvedBy = verdicts.Count == 0 && status != ClaimStatus.Open ? DecidingOrigin(byId[c.Id], byId) : null;
            return new ClaimDto(c.Id, c.SourceId, c.Source!.Name, c.Text, c.MadeAt, c.Url, c.Citation, c.StatedConfidence, c.ConfidencePhrase,
                c.RepeatsClaimId, c.Tags, status, resolvedBy, verdicts.Count, verdicts.LastOrDefault(), c.CreatedAt,
                withHistory ? verdicts : null);
        })];
    }

    /// <summary>The claim up an echo chain whose own verdict decides the echo's status.</summary>
    private static int? DecidingOrigin(ScoredClaim claim, Dictionary<int, ScoredClaim> byId)
    {
        var seen = new HashSet<int>();
        var current = claim;
        while (current.Outcome is null && current.RepeatsClaimId is { } next && seen.Add(current.ClaimId) && byId.TryGetValue(next, out var origin))
            current = origin;
        return current.Outcome is null || current.ClaimId == claim.ClaimId ? null : current.ClaimId;
    }
}

public static class ClaimStatuses
{
    public static IReadOnlyList<string> Names { get; } =
        [.. Enum.GetValues<ClaimStatus>().Select(s => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()))];

    public static bool TryParse(string value, out ClaimStatus status)
    {
        var index = Names.ToList().IndexOf(value.Trim().ToLowerInvariant());
        status = index >= 0 ? (ClaimStatus)index : default;
        return index >= 0;
    }

    public static ClaimStatus From(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Confirmed => ClaimStatus.Confirmed,
        VerdictOutcome.Refuted => ClaimStatus.Refuted,
        VerdictOutcome.PartlyTrue => ClaimStatus.PartlyTrue,
        VerdictOutcome.Unverifiable => ClaimStatus.Unverifiable,
        _ => ClaimStatus.Retracted,
    };
}
