using System.Diagnostics.Metrics;
using Reliability.Telemetry;

namespace Reliability.Server.Telemetry;

/// <summary>
/// The server's telemetry: JSON console logs correlated by trace id (requests) and by job run (<see cref="JobTelemetry"/>),
/// and, when an OTLP endpoint is configured, traces (requests, outgoing HTTP, SignalR hub calls, job runs) and metrics
/// (ASP.NET Core, Kestrel, SignalR connections, the runtime and <see cref="ReliabilityMetrics"/>) as service
/// <c>reliability-server</c>.
/// </summary>
public static class ServerTelemetry
{
    public const string ServiceName = "reliability-server";

    public static WebApplicationBuilder AddReliabilityTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ReliabilityMetrics>();
        return builder.AddServiceTelemetry(ServiceName,
            tracing => tracing.AddSource(JobTelemetry.SourceName, "Microsoft.AspNetCore.SignalR.Server"),
            metrics => metrics.AddMeter(ReliabilityMetrics.MeterName));
    }
}

/// <summary>
/// Meter <c>Reliability</c>: the recompute queue (depth, lag from request to stored score, duration), verdicts recorded
/// and live board connections. Instruments cost next to nothing while no listener (OTLP exporter, test) observes them.
/// </summary>
public sealed class ReliabilityMetrics
{
    public const string MeterName = "Reliability";
    public const string QueueDepthName = "reliability.recompute.queue.depth";
    public const string LagName = "reliability.recompute.lag";
    public const string DurationName = "reliability.recompute.duration";
    public const string VerdictsName = "reliability.verdicts.recorded";
    public const string BoardConnectionsName = "reliability.board.connections";

    /// <summary>A depth older than this (no drain ran here lately: another instance drains, or jobs are off) is not reported.</summary>
    public static readonly TimeSpan DepthFreshFor = TimeSpan.FromMinutes(1);

    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly TimeProvider _time;
    private readonly ObservableGauge<int> _queueDepth;
    private readonly Histogram<double> _lag;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _verdicts;
    private readonly UpDownCounter<long> _boardConnections;
    // Written by the drain job, read by the exporter's thread: replaced whole, never torn.
    private volatile DepthSample? _lastDepth;

    private sealed record DepthSample(int Depth, DateTimeOffset At);

    public ReliabilityMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _queueDepth = meter.CreateObservableGauge(QueueDepthName, ObserveDepth, "{request}",
            "Pending recompute requests (not parked), as counted by this instance's latest drain run.");
        _lag = meter.CreateHistogram(LagName, "s", "Time from a recompute request's enqueue to its source's score being stored.", advice: advice);
        _duration = meter.CreateHistogram(DurationName, "s", "Time to recompute one claimed batch of sources and store their scores.", advice: advice);
        _verdicts = meter.CreateCounter<long>(VerdictsName, "{verdict}", "Verdicts recorded.");
        _boardConnections = meter.CreateUpDownCounter<long>(BoardConnectionsName, "{connection}", "Clients connected to the board hub.");
    }

    /// <summary>Whether anyone observes the queue depth: counting it costs a query, made only then.</summary>
    public bool QueueDepthObserved => _queueDepth.Enabled;

    public void QueueDepthCounted(int depth) => _lastDepth = new DepthSample(depth, _time.GetUtcNow());

    private IEnumerable<Measurement<int>> ObserveDepth()
    {
        if (_lastDepth is { } last && _time.GetUtcNow() - last.At <= DepthFreshFor) yield return new Measurement<int>(last.Depth);
    }

    public void RecomputeSettled(TimeSpan lag, string cause) =>
        _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("reliability.recompute.cause", cause));

    public void BatchRecomputed(TimeSpan duration, bool failed) =>
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("reliability.recompute.outcome", failed ? "failure" : "success"));

    public void VerdictRecorded(string outcome) =>
        _verdicts.Add(1, new KeyValuePair<string, object?>("reliability.verdict.outcome", outcome));

    public void BoardConnected() => _boardConnections.Add(1);

    public void BoardDisconnected() => _boardConnections.Add(-1);
}
