using Microsoft.AspNetCore.Http.HttpResults;
using Reliability.Server.Auth;
using Reliability.Server.Board;
using Reliability.Server.Data;
using Reliability.Server.Http;
using Reliability.Server.Scoring;

namespace Reliability.Server.Claims;

/// <summary>
/// Verdicts by id, each with its claim and source: what a score history's <c>causeVerdictIds</c> point at
/// ("why did this change"), whichever source's claim the verdict was on.
/// </summary>
public static class VerdictsApi
{
    public const int MaxIds = 100;

    public static RouteGroupBuilder MapVerdictsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/verdicts").WithTags("Claims").RequireAuthorization(ReadAccess.Policy);
        group.MapGet("/", List);
        return group;
    }

    /// <summary><c>?ids=3,7,9</c>: those verdicts (unknown ids are left out), oldest first.</summary>
    public static async Task<Results<Ok<List<VerdictFeedItem>>, ValidationProblem>> List(string? ids, ReliabilityDb db, ScoreKeeper scores, CancellationToken ct)
    {
        var parsed = new List<int>();
        foreach (var part in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
                return Problems.Field("ids", $"'ids' must be a comma-separated list of positive verdict ids; '{part}' is not one.");
            parsed.Add(id);
        }
        if (parsed.Count == 0) return Problems.Field("ids", "'ids' is required: a comma-separated list of verdict ids.");
        if (parsed.Count > MaxIds) return Problems.Field("ids", $"At most {MaxIds} ids per request.");
        var distinct = parsed.Distinct().ToList();
        return TypedResults.Ok(await ChangeFeed.FeedItemsAsync(db, scores, db.Verdicts.Where(v => distinct.Contains(v.Id)), ct));
    }
}
