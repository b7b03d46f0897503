using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Reliability.Server.Data;
using Reliability.Server.Telemetry;

namespace Reliability.Server.Jobs;

/// <summary>
/// Quartz.NET on a persistent, clustered AdoJobStore in the application's own database: a drain job that empties the
/// recompute queue (fired right after each write commits, and every few seconds as a sweep), and a daily recompute of
/// every source (time decay moves scores without new verdicts), which fires once per schedule across all instances.
/// </summary>
public static class Scheduling
{
    public const string SchedulerName = "Reliability";

    public static IServiceCollection AddReliabilityJobs(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.AddScoped<RecomputeDrainer>();
        services.AddSingleton<RecomputeFaults>();
        services.AddSingleton<RecomputeSignal>();
        if (!config.GetValue("Jobs:Enabled", true)) return services;

        var provider = Database.Provider(config);
        var connectionString = Database.ConnectionString(config, contentRoot);
        var sweep = TimeSpan.FromSeconds(config.GetValue("Jobs:SweepSeconds", 5.0));
        var dailyCron = config["Jobs:RecomputeAllCron"] ?? "0 0 3 * * ?";
        try { _ = new CronExpression(dailyCron); }
        catch (FormatException ex) { throw new InvalidOperationException($"Jobs:RecomputeAllCron '{dailyCron}' is not a valid Quartz cron expression: {ex.Message}", ex); }

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;   // the same on every instance: they form one cluster
                s.GenerateInstanceId = true;      // unique per process
            });
            q.UseDefaultThreadPool(2);
            q.UsePersistentStore(store =>
            {
                if (provider == DatabaseProvider.SqlServer)
                {
                    store.UseSqlServer(connectionString);
                }
                else
                {
                    // Quartz refuses UseSqlite with clustering (it swaps in an in-process lock). The same SQL dialect through
                    // our own delegate plus a database row lock is safe across processes: Microsoft.Data.Sqlite begins every
                    // transaction with BEGIN IMMEDIATE, so SQLite's single-writer lock serialises the instances.
                    store.UseDataSource(o => { o.Provider = "SQLite-Microsoft"; o.ConnectionString = connectionString; });
                    store.UseDriverDelegate<ClusterableSqliteDialect>();
                    store.UseLockHandler(sp => new UpdateRowLockHandler(sp.GetRequiredService<Quartz.Impl.AdoJobStore.Common.IDbProvider>()));
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                });
            });

            q.AddJob<RecomputeJob>(j => j.WithIdentity(RecomputeJob.Key).StoreDurably().DisallowConcurrentExecution());
            q.AddTrigger(t => t.ForJob(RecomputeJob.Key).WithIdentity(SweepTrigger)
                .WithSimpleSchedule(s => s.WithInterval(sweep).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<RecomputeAllJob>(j => j.WithIdentity(RecomputeAllJob.Key).StoreDurably().DisallowConcurrentExecution().RequestRecovery());
            q.AddTrigger(t => t.ForJob(RecomputeAllJob.Key).WithIdentity(DailyTrigger)
                .WithCronSchedule(dailyCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        // Keep stored triggers as they are when an instance starts: overwriting them would re-time the daily job from
        // "now", dropping a missed run's catch-up and erasing a slot another instance is about to fire.
        services.Configure<QuartzOptions>(o =>
        {
            o.Scheduling.OverwriteExistingData = false;
            o.Scheduling.IgnoreDuplicates = true;
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService(sp => new ScheduleSync(sp.GetRequiredService<ISchedulerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<ScheduleSync>>(), dailyCron, sweep));
        return services;
    }

    public static readonly TriggerKey SweepTrigger = new("recompute-sweep", "reliability");
    public static readonly TriggerKey DailyTrigger = new("recompute-all-daily", "reliability");
}

/// <summary>
/// Re-times a stored trigger only when its configured schedule changed (stored triggers are otherwise left alone;
/// see <see cref="Scheduling.AddReliabilityJobs"/>).
/// </summary>
public sealed partial class ScheduleSync(ISchedulerFactory factory, IHostApplicationLifetime lifetime, ILogger<ScheduleSync> logger, string dailyCron, TimeSpan sweep) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = SyncLoggedAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncLoggedAsync()
    {
        try { await SyncAsync(); }
        catch (Exception ex) when (ex is SchedulerException or OperationCanceledException or InvalidOperationException)
        {
            LogSyncFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not apply the configured job schedules; the stored ones stay in force.")]
    private static partial void LogSyncFailed(ILogger logger, Exception error);

    private async Task SyncAsync()
    {
        var scheduler = await factory.GetScheduler(lifetime.ApplicationStopping);
        // New triggers are built on the scheduler's clock (the builder would otherwise use the system clock).
        var now = scheduler.TimeProvider.GetUtcNow();
        if (await scheduler.GetTrigger(Scheduling.DailyTrigger) is ICronTrigger daily && daily.CronExpressionString != dailyCron)
        {
            await scheduler.RescheduleJob(Scheduling.DailyTrigger, TriggerBuilder.Create(scheduler.TimeProvider).ForJob(RecomputeAllJob.Key).WithIdentity(Scheduling.DailyTrigger).StartAt(now)
                .WithCronSchedule(dailyCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build());
        }
        if (await scheduler.GetTrigger(Scheduling.SweepTrigger) is ISimpleTrigger current && current.RepeatInterval != sweep)
        {
            await scheduler.RescheduleJob(Scheduling.SweepTrigger, TriggerBuilder.Create(scheduler.TimeProvider).ForJob(RecomputeJob.Key).WithIdentity(Scheduling.SweepTrigger).StartAt(now)
                .WithSimpleSchedule(s => s.WithInterval(sweep).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build());
        }
    }
}

/// <summary>Quartz's SQLite dialect without the SQLiteDelegate type check that forbids clustering (see <see cref="Scheduling"/>).</summary>
public sealed class ClusterableSqliteDialect : StdAdoDelegate
{
    protected override string? SchemaResourceName => "Quartz.Impl.AdoJobStore.Schema.create_sqlite.sql";

    protected override string ApplyPaging(string sql, bool takeLimited) =>
        takeLimited ? sql + " LIMIT @pageTake OFFSET @pageSkip" : sql + " LIMIT -1 OFFSET @pageSkip";

    protected override void AddPagingParameters(DbCommand cmd, int skip, int take, bool takeLimited)
    {
        if (takeLimited) AddCommandParameter(cmd, "pageTake", take);
        AddCommandParameter(cmd, "pageSkip", skip);
    }

    protected override SqlRowLimit GetRowLimit(int count) => SqlRowLimit.AtStatementEnd("LIMIT", count);
}

/// <summary>
/// Asks the local scheduler to drain the queue now, instead of at the next sweep. Coalesced: while a drain this signal
/// triggered has not started yet, further signals add nothing (that drain reads the queue when it starts, so it sees their
/// requests too), and Quartz is not asked to store one more trigger per write. Should the triggered drain run on another
/// instance of the cluster, a signal held back is sent after <see cref="Coalesce"/> at the latest.
/// </summary>
public sealed partial class RecomputeSignal(IServiceProvider services, ILogger<RecomputeSignal> logger)
{
    /// <summary>The longest a held-back signal waits for a drain to start here before it is sent anyway.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    /// <summary>When the last trigger was sent (Stopwatch ticks), until a drain starts here; 0 when none is pending.</summary>
    private long _pendingSince;
    private int _fallbackScheduled;

    /// <summary>Called by the drain job as it starts: signals from now on need a drain of their own.</summary>
    public void DrainStarted() => Interlocked.Exchange(ref _pendingSince, 0);

    public async Task NotifyAsync(CancellationToken cancellationToken = default)
    {
        // Best effort: the request is already durable, and the sweep picks it up if this fails.
        if (services.GetService<ISchedulerFactory>() is not { } factory) return;
        var now = Stopwatch.GetTimestamp();
        var pending = Interlocked.Read(ref _pendingSince);
        if (pending != 0 && Stopwatch.GetElapsedTime(pending, now) < Coalesce)
        {
            if (Interlocked.Exchange(ref _fallbackScheduled, 1) == 0) _ = FallbackAsync(pending);
            return;
        }
        Interlocked.Exchange(ref _pendingSince, now);
        try
        {
            var scheduler = await factory.GetScheduler(cancellationToken);
            if (scheduler.Status == SchedulerStatus.Running) await scheduler.TriggerJob(RecomputeJob.Key, cancellationToken);
        }
        catch (Exception ex) when (ex is SchedulerException or ObjectDisposedException)
        {
            Interlocked.Exchange(ref _pendingSince, 0);
            LogSignalFailed(logger, ex);
        }
    }

    /// <summary>Sends a held-back signal once <see cref="Coalesce"/> has passed without a drain starting here.</summary>
    private async Task FallbackAsync(long pending)
    {
        try
        {
            await Task.Delay(Coalesce);
            Volatile.Write(ref _fallbackScheduled, 0);
            if (Interlocked.Read(ref _pendingSince) == pending) await NotifyAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            LogSignalFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not signal the recompute job; the sweep will pick the request up.")]
    private static partial void LogSignalFailed(ILogger logger, Exception error);
}

/// <summary>Drains the recompute queue. One at a time per cluster; records a run when it did any work.</summary>
public sealed partial class RecomputeJob(RecomputeDrainer drainer, ReliabilityDb db, TimeProvider time, RecomputeSignal signal, ILogger<RecomputeJob> logger) : IJob
{
    public static readonly JobKey Key = new("recompute", "reliability");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        signal.DrainStarted();
        using var run = JobTelemetry.Start("recompute", context, logger);
        try
        {
            var started = time.GetUtcNow();
            var clock = Stopwatch.StartNew();
            var instance = context.Scheduler.SchedulerInstanceId;
            var result = await drainer.DrainAsync(instance, cancellationToken);
            if (result.Requests == 0 && result.Failures == 0)
            {
                // An idle sweep (every few seconds) is not worth a trace.
                run.Activity.IsAllDataRequested = false;
                run.Activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                return;
            }
            run.Activity.SetTag("reliability.requests", result.Requests);
            run.Activity.SetTag("reliability.sources_recomputed", result.SourcesRecomputed);
            run.Activity.SetTag("reliability.failures", result.Failures);
            var elapsed = clock.Elapsed;
            await JobRuns.RecordAsync(db, "recompute", instance, null, started, elapsed, result, null, cancellationToken);
            LogDrained(logger, result.Requests, result.SourcesRecomputed, result.VersionsStored, result.Failures, elapsed.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            run.Failed(ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained {Requests} recompute request(s): {Sources} source(s) recomputed, {Versions} score version(s) stored, {Failures} failed, in {ElapsedMs:0.0} ms.")]
    private static partial void LogDrained(ILogger logger, int requests, int sources, int versions, int failures, double elapsedMs);
}

/// <summary>Recomputes every source (daily, so decay moves scores), then lets the drain job do the work.</summary>
public sealed partial class RecomputeAllJob(ReliabilityDb db, TimeProvider time, RecomputeSignal signal, ILogger<RecomputeAllJob> logger) : IJob
{
    public static readonly JobKey Key = new("recompute-all", "reliability");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var run = JobTelemetry.Start("recompute-all", context, logger);
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var slot = context.ScheduledFireTimeUtc;
        try
        {
            // The queue and the run's record commit together, and (job, slot) is unique: a slot recovered after a crash
            // that had already committed is not run twice.
            var queued = await db.InTransactionAsync(async ct =>
            {
                if (slot is not null && await db.JobRuns.AnyAsync(r => r.Job == "recompute-all" && r.ScheduledFor == slot, ct)) return (0, false);
                var queued = await RecomputeAll.EnqueueAsync(db, time, "decay", ct);
                await JobRuns.RecordAsync(db, "recompute-all", context.Scheduler.SchedulerInstanceId, slot, started,
                    clock.Elapsed, new DrainResult(queued, 0, 0, 0), null, ct);
                return (queued, true);
            }, cancellationToken);
            LogQueued(logger, queued);
        }
        catch (DbUpdateException) when (slot is not null)
        {
            // Another instance recorded this slot first.
            LogSlotTaken(logger);
            return;
        }
        catch (Exception ex)
        {
            run.Failed(ex);
            throw;
        }
        await signal.NotifyAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued a recompute of {Sources} source(s).")]
    private static partial void LogQueued(ILogger logger, int sources);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance already ran this slot.")]
    private static partial void LogSlotTaken(ILogger logger);
}

public static class RecomputeAll
{
    /// <summary>Queues a recompute of every source; returns how many.</summary>
    public static async Task<int> EnqueueAsync(ReliabilityDb db, TimeProvider time, string cause, CancellationToken ct)
    {
        var ids = await db.Sources.Select(s => s.Id).ToListAsync(ct);
        db.RequestRecompute(ids, cause, [], time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ids.Count;
    }
}

public static class JobRuns
{
    public static async Task RecordAsync(ReliabilityDb db, string job, string instance, DateTimeOffset? scheduledFor, DateTimeOffset started,
        TimeSpan duration, DrainResult result, string? error, CancellationToken ct)
    {
        db.JobRuns.Add(new JobRun
        {
            Job = job, Instance = instance, ScheduledFor = scheduledFor, StartedAt = started, DurationMs = duration.TotalMilliseconds,
            Requests = result.Requests, SourcesRecomputed = result.SourcesRecomputed, VersionsStored = result.VersionsStored,
            Failures = result.Failures, Error = error,
        });
        await db.SaveChangesAsync(ct);
        // Keep the newest runs only: one row per drain that did work adds up over months.
        var newest = await db.JobRuns.MaxAsync(r => r.Id, ct);
        await db.JobRuns.Where(r => r.Id <= newest - KeepRuns).ExecuteDeleteAsync(ct);
    }

    public const int KeepRuns = 10_000;
}
