using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Auth;
using Reliability.Server.Board;
using Reliability.Server.Data;

namespace Reliability.Server.Diagnostics;

/// <summary>What <c>POST /api/benchmarks/reference/aggregate</c> answers: rows aggregated and the query's own time.</summary>
public sealed record ReferenceAggregate(int Sources, long Claims, double ElapsedMs);

/// <summary>
/// Reference endpoints for tests/Reliability.Benchmarks, mapped only when <c>Benchmarks:ReferenceEndpoints=true</c>.
/// Each does the least a measured path could do in this same process — a constant JSON body, one raw SQL aggregate,
/// a bare hub broadcast — so a benchmark's ratio against it isolates our own work from Kestrel, loopback and SQLite.
/// </summary>
public static class ReferenceApi
{
    public const string ConfigKey = "Benchmarks:ReferenceEndpoints";
    public const string BroadcastMethod = "BenchmarkReference";
    private const int MaxBytes = 1024 * 1024;
    private static readonly ConcurrentDictionary<int, byte[]> Bodies = new();

    public static void MapReferenceApi(this WebApplication app)
    {
        if (!app.Configuration.GetValue(ConfigKey, false)) return;
        var group = app.MapGroup("/api/benchmarks/reference").ExcludeFromDescription();
        // The same read policy as the endpoints it stands in for, so authorization costs the same on both sides.
        group.MapGet("/json", (int bytes) => bytes is < 16 or > MaxBytes
            ? Results.BadRequest()
            : Results.Bytes(Bodies.GetOrAdd(bytes, Body), "application/json")).RequireAuthorization(ReadAccess.Policy);
        group.MapPost("/aggregate", Aggregate).RequireAuthorization(Roles.Admin);
        group.MapPost("/broadcast", (long id, int bytes, IHubContext<BoardHub> hub) => bytes is < 16 or > MaxBytes
            ? Task.FromResult(Results.BadRequest())
            : Broadcast(hub, id, bytes)).RequireAuthorization(Roles.Admin);
    }

    /// <summary><c>{"pad":"xxx…"}</c>, exactly <paramref name="bytes"/> long.</summary>
    private static byte[] Body(int bytes) => Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', bytes - 10) + "\"}");

    private static async Task<IResult> Broadcast(IHubContext<BoardHub> hub, long id, int bytes)
    {
        await hub.Clients.All.SendAsync(BroadcastMethod, new { id, pad = new string('x', Math.Max(0, bytes - 20)) });
        return Results.NoContent();
    }

    /// <summary>
    /// Per source, the counts a full recompute derives (claims by their latest verdict's outcome, an echo without a verdict
    /// taking its origin's, one level deep; open claims; stated confidences and their squared errors) in one SQL statement.
    /// </summary>
    private static async Task<IResult> Aggregate(ReliabilityDb db, CancellationToken ct)
    {
        const string sql = """
            SELECT SourceId, COUNT(*),
                   SUM(o = 'Confirmed'), SUM(o = 'Refuted'), SUM(o = 'PartlyTrue'), SUM(o = 'Retracted'), SUM(o = 'Unverifiable'),
                   SUM(o IS NULL),
                   SUM(StatedConfidence IS NOT NULL AND o IN ('Confirmed', 'Refuted', 'PartlyTrue', 'Retracted')),
                   SUM(CASE o WHEN 'Confirmed' THEN (StatedConfidence - 1) * (StatedConfidence - 1)
                              WHEN 'PartlyTrue' THEN (StatedConfidence - 0.5) * (StatedConfidence - 0.5)
                              WHEN 'Refuted' THEN StatedConfidence * StatedConfidence
                              WHEN 'Retracted' THEN StatedConfidence * StatedConfidence END)
            FROM (SELECT c.SourceId, c.StatedConfidence,
                         COALESCE((SELECT v.Outcome FROM Verdicts v WHERE v.ClaimId = c.Id ORDER BY v.Id DESC LIMIT 1),
                                  (SELECT v.Outcome FROM Verdicts v WHERE v.ClaimId = c.RepeatsClaimId ORDER BY v.Id DESC LIMIT 1)) AS o
                  FROM Claims c)
            GROUP BY SourceId
            """;
        var clock = Stopwatch.StartNew();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            int sources = 0;
            long claims = 0;
            while (await reader.ReadAsync(ct))
            {
                sources++;
                claims += reader.GetInt64(1);
            }
            return Results.Ok(new ReferenceAggregate(sources, claims, clock.Elapsed.TotalMilliseconds));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
