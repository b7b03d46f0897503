using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Auth;
using Reliability.Server.Data;
using Reliability.Server.Http;

namespace Reliability.Server.Audit;

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string? EntityId, string? Before, string? After);

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Roles.Admin);
        group.MapGet("/", List);
        return group;
    }

    /// <summary>Newest first; page backwards with <c>beforeId</c>.</summary>
    public static async Task<Results<Ok<List<AuditEntryDto>>, ValidationProblem>> List(
        string? actor, string? entityType, string? entityId, long? beforeId, int? limit, ReliabilityDb db, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000) return Problems.Field("limit", "'limit' must be between 1 and 1000.");
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(actor)) query = query.Where(a => a.Actor == actor);
        if (!string.IsNullOrWhiteSpace(entityType)) query = query.Where(a => a.EntityType == entityType);
        if (!string.IsNullOrWhiteSpace(entityId)) query = query.Where(a => a.EntityId == entityId);
        if (beforeId is { } before) query = query.Where(a => a.Id < before);
        var entries = await query.OrderByDescending(a => a.Id).Take(take)
            .Select(a => new AuditEntryDto(a.Id, a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
            .ToListAsync(ct);
        return TypedResults.Ok(entries);
    }
}
