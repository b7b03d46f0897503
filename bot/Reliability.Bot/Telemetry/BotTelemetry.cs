using System.Diagnostics.Metrics;
using Reliability.Telemetry;

namespace Reliability.Bot.Telemetry;

/// <summary>
/// The bot's telemetry, wired like the server's (<see cref="ServiceTelemetry"/>): JSON console logs, and over OTLP when an
/// endpoint is configured, traces (interactions, calls to the server's API and to Discord, which carry the trace on to
/// the server) and metrics as service <c>reliability-bot</c>, including <see cref="BotMetrics"/>.
/// </summary>
public static class BotTelemetry
{
    public const string ServiceName = "reliability-bot";

    public static WebApplicationBuilder AddBotTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<BotMetrics>();
        return builder.AddServiceTelemetry(ServiceName, _ => { }, metrics => metrics.AddMeter(BotMetrics.MeterName));
    }
}

/// <summary>Meter <c>Reliability.Bot</c>: how long each interaction took to answer.</summary>
public sealed class BotMetrics
{
    public const string MeterName = "Reliability.Bot";
    public const string InteractionDurationName = "reliability.bot.interaction.duration";

    private readonly Histogram<double> _duration;

    public BotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram(InteractionDurationName, "s",
            "Time from receiving an interaction to its answer: the inline response, or for a deferred one its answer being ready for the follow-up.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10, 30] });
    }

    /// <param name="command">the slash command's name</param>
    /// <param name="type"><c>command</c> or <c>autocomplete</c></param>
    /// <param name="deferred">whether Discord got a deferral (the answer then follows through the webhook)</param>
    public void InteractionAnswered(string command, string type, bool deferred, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("reliability.bot.command", command),
            new KeyValuePair<string, object?>("reliability.bot.interaction.type", type),
            new KeyValuePair<string, object?>("reliability.bot.deferred", deferred));
}
