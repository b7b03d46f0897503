using System.Security.Claims;
using System.Text.Json;
using Reliability.Server.Data;

namespace Reliability.Server.Audit;

/// <summary>Adds audit entries to the same unit of work as the write they describe, so both commit or neither does.</summary>
public static class AuditLog
{
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static void Record(this ReliabilityDb db, TimeProvider time, string actor, string action, string entityType,
        object? entityId, object? before, object? after)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json.Options),
            After = after is null ? null : JsonSerializer.Serialize(after, Json.Options),
        });
    }
}
