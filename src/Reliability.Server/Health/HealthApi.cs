using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using Reliability.Server.Board;
using Reliability.Server.Data;

namespace Reliability.Server.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (restart it when not). <c>/health/ready</c>: it can serve — the database answers,
/// the scheduler runs, and the board's change feed is being delivered (take it out of the proxy when not).
/// <c>/health</c> is the readiness check under its older name.
/// </summary>
public static class HealthApi
{
    private const string Ready = "ready";

    public static IServiceCollection AddReliabilityHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<ReliabilityDb>("database", tags: [Ready])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready])
            .AddCheck<ChangeFeedHealthCheck>("change-feed", tags: [Ready]);
        return services;
    }

    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health", ready);
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        }, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The Quartz scheduler of this instance is started and not shut down (unless jobs are off here by configuration).</summary>
public sealed class SchedulerHealthCheck(IServiceProvider services, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!config.GetValue("Jobs:Enabled", true)) return HealthCheckResult.Healthy("Jobs are disabled in this instance (Jobs:Enabled=false).");
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null) return HealthCheckResult.Unhealthy("No scheduler is registered.");
        var scheduler = await factory.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        var id = await scheduler.GetSchedulerInstanceId(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {id} is running.")
            : HealthCheckResult.Unhealthy($"Scheduler {id} is {status}, not running.");
    }
}

/// <summary>
/// The board's publisher keeps up with the change feed: it read the feed recently, and no committed change has waited
/// longer than <c>Board:MaxFeedLagSeconds</c> (default 10) to reach this instance's clients.
/// </summary>
public sealed class ChangeFeedHealthCheck(BoardPublisher publisher, ReliabilityDb db, TimeProvider time, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(config.GetValue("Board:MaxFeedLagSeconds", 10.0));
        var now = time.GetUtcNow();
        var watermark = publisher.Watermark;
        var oldestPending = await db.BoardChanges.Where(c => c.Sequence > watermark).OrderBy(c => c.Sequence)
            .Select(c => (DateTimeOffset?)c.At).FirstOrDefaultAsync(cancellationToken);
        var lag = oldestPending is { } at && now > at ? now - at : TimeSpan.Zero;
        var sinceRead = now - publisher.LastRead;
        var data = new Dictionary<string, object>
        {
            ["deliveredSequence"] = watermark,
            ["lagSeconds"] = Math.Round(lag.TotalSeconds, 3),
            ["secondsSinceRead"] = Math.Round(sinceRead.TotalSeconds, 3),
        };
        if (publisher.LastRead == default) return HealthCheckResult.Unhealthy("The board publisher has not read the change feed yet.", data: data);
        if (lag > limit) return HealthCheckResult.Unhealthy($"A change has waited {lag.TotalSeconds:0.#} s to reach this instance's board clients (limit {limit.TotalSeconds:0.#} s).", data: data);
        if (sinceRead > limit) return HealthCheckResult.Unhealthy($"The board publisher last read the change feed {sinceRead.TotalSeconds:0.#} s ago.", data: data);
        return HealthCheckResult.Healthy($"Board clients are current to change {watermark}.", data);
    }
}
