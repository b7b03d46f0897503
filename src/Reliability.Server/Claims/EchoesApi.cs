using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Auth;
using Reliability.Server.Data;
using Reliability.Server.Http;
using Reliability.Server.Scoring;

namespace Reliability.Server.Claims;

/// <summary>One claim in an origin's echo tree: how many links below the origin it sits, and what it repeats.</summary>
public sealed record EchoDto(ClaimDto Claim, int Depth, int RepeatsClaimId);

/// <summary>
/// The claims sharing one tag and how many independent origins they really have:
/// each tagged claim's root (following repeats links to the top, tagged or not) counts once.
/// </summary>
public sealed record StoryDto(string Tag, int Claims, int Sources, int IndependentOrigins, IReadOnlyList<int> Origins);

/// <summary>
/// A claim's echo chain back to its origin, the origin's whole echo tree, the sources that stand or fall with the origin,
/// and the story (tag) the origin belongs to.
/// </summary>
public sealed record EchoesDto(
    int ClaimId, IReadOnlyList<ClaimDto> Chain, ClaimDto Origin, IReadOnlyList<EchoDto> Echoes, int Sources,
    IReadOnlyList<int> LostWithOrigin, StoryDto? Story);

public static class EchoesApi
{
    /// <summary>At most this many claims are walked per tree (and per story), so a pathological record cannot blow a request up.</summary>
    public const int MaxClaims = 10_000;

    /// <summary>Ids per <c>IN (...)</c> query, well inside every provider's parameter limit.</summary>
    private const int Batch = 500;

    /// <summary>Set to "true" on the response when a walk hit <see cref="MaxClaims"/> and the answer covers only part of the record.</summary>
    public const string TruncatedHeader = "X-Echoes-Truncated";

    public static RouteGroupBuilder MapEchoesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/claims").WithTags("Claims").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/{id:int}/echoes", Get);
        return group;
    }

    private sealed record Link(int Id, int SourceId, int? RepeatsClaimId);

    /// <summary>Echo chain, tree and story of claim <paramref name="id"/>; <paramref name="tag"/> picks the story instead of the origin's most specific tag.</summary>
    public static async Task<Results<Ok<EchoesDto>, ProblemHttpResult, ValidationProblem>> Get(
        int id, string? tag, ReliabilityDb db, ScoreKeeper scores, HttpResponse response, CancellationToken ct)
    {
        var v = new Validator();
        var storyTag = v.Text("tag", tag, Limits.TagLength)?.ToLowerInvariant();
        if (!v.IsValid) return v.Problem();

        var truncated = false;

        // Up the chain: one small query per link (chains are short; the bound and the seen set guard the rest).
        var self = await LinkAsync(db, id, ct);
        if (self is null) return Problems.NotFound("Claim", id);
        var chain = new List<Link> { self };
        var seen = new HashSet<int> { self.Id };
        while (chain[^1].RepeatsClaimId is { } parentId && !seen.Contains(parentId))
        {
            if (chain.Count >= MaxClaims) { truncated = true; break; }
            var parent = await LinkAsync(db, parentId, ct);
            if (parent is null) break;
            chain.Add(parent);
            seen.Add(parent.Id);
        }
        var origin = chain[^1];

        // Down the tree: breadth-first, one query per level (batched), in queue order (parent order, then id).
        var echoes = new List<(Link Link, int Depth)>();
        var inTree = new HashSet<int> { origin.Id };
        var frontier = new List<int> { origin.Id };
        for (var depth = 1; frontier.Count > 0 && !truncated; depth++)
        {
            var children = new List<Link>();
            foreach (var chunk in frontier.Chunk(Batch))
            {
                // Never read more rows than the bound still allows (plus one, to notice the overflow).
                children.AddRange(await db.Claims.AsNoTracking()
                    .Where(c => c.RepeatsClaimId != null && chunk.Contains(c.RepeatsClaimId.Value))
                    .OrderBy(c => c.Id).Take(MaxClaims - inTree.Count + 1)
                    .Select(c => new Link(c.Id, c.SourceId, c.RepeatsClaimId)).ToListAsync(ct));
            }
            var position = frontier.Select((parent, index) => (parent, index)).ToDictionary(p => p.parent, p => p.index);
            var next = new List<int>();
            foreach (var child in children.OrderBy(c => position[c.RepeatsClaimId!.Value]).ThenBy(c => c.Id))
            {
                if (inTree.Contains(child.Id)) continue;
                if (inTree.Count >= MaxClaims) { truncated = true; break; }
                inTree.Add(child.Id);
                echoes.Add((child, depth));
                next.Add(child.Id);
            }
            frontier = next;
        }

        // Claim DTOs (with status resolved through the chains) for the tree and the chain; the chain lies in the tree unless truncated.
        var wanted = inTree.Concat(chain.Select(c => c.Id)).Distinct().ToList();
        var dtos = new Dictionary<int, ClaimDto>();
        foreach (var chunk in wanted.Chunk(Batch))
        {
            foreach (var dto in await ClaimsApi.LoadClaimsAsync(db, scores, db.Claims.Where(c => chunk.Contains(c.Id)), ct))
                dtos[dto.Id] = dto;
        }

        var originDto = dtos[origin.Id];
        var echoDtos = echoes.Where(e => dtos.ContainsKey(e.Link.Id))
            .Select(e => new EchoDto(dtos[e.Link.Id], e.Depth, e.Link.RepeatsClaimId!.Value)).ToList();
        var sources = echoes.Select(e => e.Link.SourceId).Append(origin.SourceId).Distinct().Count();
        // Who stands or falls with the origin: echoes without a verdict of their own whose status the origin's verdict decides.
        var lostWithOrigin = echoDtos.Select(e => e.Claim)
            .Where(c => c.VerdictCount == 0 && c.Status != ClaimStatus.Open && c.ResolvedByClaimId == origin.Id)
            .Select(c => c.SourceId).Distinct().Order().ToList();

        StoryDto? story = null;
        storyTag ??= await MostSpecificTagAsync(db, originDto.Tags, ct);
        if (storyTag is not null)
        {
            var (found, storyTruncated) = await StoryAsync(db, storyTag, ct);
            if (found is null) return Problems.Field("tag", $"No claim is tagged '{storyTag}'.");
            story = found;
            truncated |= storyTruncated;
        }

        if (truncated) response.Headers[TruncatedHeader] = "true";
        return TypedResults.Ok(new EchoesDto(id, [.. chain.Select(c => dtos[c.Id])], originDto, echoDtos, sources, lostWithOrigin, story));
    }

    private static Task<Link?> LinkAsync(ReliabilityDb db, int id, CancellationToken ct) =>
        db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => new Link(c.Id, c.SourceId, c.RepeatsClaimId)).FirstOrDefaultAsync(ct);

    /// <summary>The origin's tag used by the fewest claims in the database; ties broken alphabetically (ordinal). Null without tags.</summary>
    private static async Task<string?> MostSpecificTagAsync(ReliabilityDb db, IReadOnlyList<string> tags, CancellationToken ct)
    {
        if (tags.Count == 0) return null;
        var counts = new List<(string Tag, int Count)>();
        foreach (var t in tags.Distinct(StringComparer.Ordinal)) // at most Limits.MaxTags small queries
            counts.Add((t, await db.Claims.CountAsync(c => c.Tags.Contains(t), ct)));
        return counts.OrderBy(c => c.Count).ThenBy(c => c.Tag, StringComparer.Ordinal).First().Tag;
    }

    /// <summary>The story of <paramref name="tag"/>, or null when no claim carries it.</summary>
    private static async Task<(StoryDto? Story, bool Truncated)> StoryAsync(ReliabilityDb db, string tag, CancellationToken ct)
    {
        var tagged = db.Claims.AsNoTracking().Where(c => c.Tags.Contains(tag));
        var claims = await tagged.CountAsync(ct);
        if (claims == 0) return (null, false);
        var sources = await tagged.Select(c => c.SourceId).Distinct().CountAsync(ct);

        // Roots: follow each tagged claim's repeats link to the top, loading missing parents a level at a time.
        var truncated = claims > MaxClaims;
        var starts = await tagged.OrderBy(c => c.Id).Take(MaxClaims).Select(c => new Link(c.Id, c.SourceId, c.RepeatsClaimId)).ToListAsync(ct);
        var known = starts.ToDictionary(c => c.Id);
        var missing = MissingParents(known);
        while (missing.Count > 0)
        {
            if (known.Count >= 2 * MaxClaims) { truncated = true; break; }
            var loaded = 0;
            foreach (var chunk in missing.Chunk(Batch))
            {
                foreach (var parent in await db.Claims.AsNoTracking().Where(c => chunk.Contains(c.Id))
                    .Select(c => new Link(c.Id, c.SourceId, c.RepeatsClaimId)).ToListAsync(ct))
                {
                    known[parent.Id] = parent;
                    loaded++;
                }
            }
            if (loaded == 0) break;
            missing = MissingParents(known);
        }

        var roots = new SortedSet<int>();
        foreach (var start in starts)
        {
            var current = start;
            var steps = 0;
            // Repeats links point to earlier claims, so this ends; the step bound guards against a corrupted record.
            while (current.RepeatsClaimId is { } parentId && known.TryGetValue(parentId, out var parent) && steps++ < known.Count)
                current = parent;
            roots.Add(current.Id);
        }
        return (new StoryDto(tag, claims, sources, roots.Count, [.. roots]), truncated);
    }

    private static List<int> MissingParents(Dictionary<int, Link> known) =>
        [.. known.Values.Select(c => c.RepeatsClaimId).OfType<int>().Where(id => !known.ContainsKey(id)).Distinct()];
}
