using System.Diagnostics;
using Quartz;

namespace Reliability.Server.Telemetry;

/// <summary>
/// Each job run is an <see cref="Activity"/> from source <c>Reliability.Jobs</c> (a trace of its own, exported when
/// tracing is on, otherwise still the trace id in every log line) inside a log scope naming the job and its fire id,
/// so every line a run writes, from any class, correlates.
/// </summary>
public static class JobTelemetry
{
    public const string SourceName = "Reliability.Jobs";

    private static readonly ActivitySource Source = new(SourceName);

    private static readonly Func<ILogger, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string>("Job {Job} run {FireId}");

    /// <summary>Starts the run's activity and log scope; dispose the result when the run ends.</summary>
    public static JobActivity Start(string job, IJobExecutionContext context, ILogger logger)
    {
        // A run is its own trace, never a child of whatever happened to be current on the scheduler's thread.
        Activity.Current = null;
        var name = $"job {job}";
        var activity = Source.StartActivity(name, ActivityKind.Internal) ?? new Activity(name).Start();
        activity.SetTag("job.name", job);
        activity.SetTag("job.fire_id", context.FireInstanceId);
        activity.SetTag("job.instance", context.Scheduler.SchedulerInstanceId);
        if (context.ScheduledFireTimeUtc is { } scheduled) activity.SetTag("job.scheduled_for", scheduled.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return new JobActivity(activity, Scope(logger, job, context.FireInstanceId));
    }
}

/// <summary>A job run's activity and log scope.</summary>
public sealed class JobActivity(Activity activity, IDisposable? scope) : IDisposable
{
    public Activity Activity { get; } = activity;

    public void Failed(Exception error)
    {
        Activity.SetStatus(ActivityStatusCode.Error, error.Message);
        Activity.AddException(error);
    }

    public void Dispose()
    {
        scope?.Dispose();
        Activity.Dispose();
    }
}
