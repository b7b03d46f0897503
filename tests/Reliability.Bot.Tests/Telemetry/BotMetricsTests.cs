using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Bot.Telemetry;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Telemetry;

/// <summary>Meter "Reliability.Bot" of a real bot answering signed interactions from the real server's API.</summary>
public sealed class BotMetricsTests(ServerApp server) : IClassFixture<ServerApp>, IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private sealed record Duration(double Seconds, string? Command, string? Type, bool? Deferred);

    /// <summary>Listens to this bot's own interaction-duration histogram (its meter factory), not another test's bot.</summary>
    private static MeterListener Listen(BotApp bot, List<Duration> recorded)
    {
        var scope = bot.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == BotMetrics.InteractionDurationName && ReferenceEquals(instrument.Meter.Scope, scope)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var t = new Dictionary<string, object?>();
            foreach (var (k, v) in tags) t[k] = v;
            lock (recorded) recorded.Add(new Duration(value, t["reliability.bot.command"] as string, t["reliability.bot.interaction.type"] as string, t["reliability.bot.deferred"] as bool?));
        });
        listener.Start();
        return listener;
    }

    private static async Task<Duration> WaitForAsync(List<Duration> recorded, Func<Duration, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            lock (recorded)
                if (recorded.FirstOrDefault(match) is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, $"no matching duration; recorded: {string.Join(", ", recorded)}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task An_inline_answer_records_its_duration_under_its_command_as_not_deferred()
    {
        await using var bot = new BotApp(server.Address, server.BotToken, _discord.ApiBaseUrl);
        List<Duration> recorded = [];
        using var listener = Listen(bot, recorded);

        var response = await bot.InteractAsync(Payloads.Command("reliability", [new Opt("source", "Amaq")]));
        Assert.Equal(4, response.CallbackType());

        var duration = await WaitForAsync(recorded, d => d.Command == "reliability");
        Assert.Equal(("command", false), (duration.Type, duration.Deferred));
        Assert.InRange(duration.Seconds, 0.0001, 2.8);
    }

    [Fact]
    public async Task A_deferred_answer_records_its_full_duration_as_deferred()
    {
        await using var bot = new BotApp(server.Address, server.BotToken, _discord.ApiBaseUrl,
            new Dictionary<string, string?> { ["Discord:DeferAfterSeconds"] = "0.2" });
        List<Duration> recorded = [];
        using var listener = Listen(bot, recorded);
        server.Delay = TimeSpan.FromMilliseconds(600);
        try
        {
            var response = await bot.InteractAsync(Payloads.Command("claims", [new Opt("source", "Amaq")]));
            Assert.Equal(5, response.CallbackType());

            var duration = await WaitForAsync(recorded, d => d.Command == "claims");
            Assert.Equal(("command", true), (duration.Type, duration.Deferred));
            Assert.True(duration.Seconds >= 0.6, $"the answer waited for the slow API, yet {duration.Seconds} s was recorded");
        }
        finally { server.Delay = TimeSpan.Zero; }
    }

    [Fact]
    public async Task Autocomplete_records_its_duration_as_an_autocomplete_interaction()
    {
        await using var bot = new BotApp(server.Address, server.BotToken, _discord.ApiBaseUrl);
        List<Duration> recorded = [];
        using var listener = Listen(bot, recorded);

        await bot.InteractAsync(Payloads.Autocomplete("compare", [new Opt("a", "Am", Focused: true)]));

        var duration = await WaitForAsync(recorded, d => d.Type == "autocomplete");
        Assert.Equal(("compare", false), (duration.Command, duration.Deferred));
    }
}
