using System.Diagnostics.Metrics;

namespace Reliability.Server.Tests.Telemetry;

/// <summary>
/// Records the measurements of one meter of one app: instruments are matched by meter name and by the app's own
/// <see cref="IMeterFactory"/> (their scope), so apps of tests running in parallel never mix in.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public MetricRecorder(IMeterFactory scope, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, scope)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags) copy[key] = tagValue;
        lock (_recorded) _recorded.Add(new Recorded(instrument.Name, value, copy));
    }

    /// <summary>Everything recorded on <paramref name="instrument"/> so far, in order.</summary>
    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (_recorded) return [.. _recorded.Where(r => r.Instrument == instrument)];
    }

    /// <summary>Asks observable instruments (gauges) for their current values.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Waits until <paramref name="condition"/> holds over the measurements of <paramref name="instrument"/>.</summary>
    public async Task WaitForAsync(string instrument, Func<IReadOnlyList<Recorded>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(Of(instrument)))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{what}: not within the time limit. {instrument} recorded: [{string.Join(", ", Of(instrument).Select(r => r.Value))}]");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _listener.Dispose();
}
