using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Cli;

/// <summary>
/// The compose file's health check runs <c>dotnet Reliability.Bot.dll probe http://localhost:8080/health</c> in the bot's
/// container. These run the compiled bot the same way, as a process with no Discord settings at all.
/// </summary>
public sealed class ProbeVerbTests
{
    private static readonly string BotDll = Path.Combine(AppContext.BaseDirectory, "Reliability.Bot.dll");

    private static async Task<(int Code, string Output)> RunBotAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BotDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Whatever the machine has set, the bot must see no configuration: the probe may not depend on any.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Discord__", StringComparison.Ordinal) || k.StartsWith("Reliability__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Probe_of_a_running_bots_health_exits_0_without_any_discord_settings()
    {
        await using var bot = new BotApp(Loopback.ClosedPort(), "probe-test-token");
        bot.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        bot.StartServer();
        var address = bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var (code, output) = await RunBotAsync("probe", $"{address}/health");

        Assert.True(code == 0, output);
        Assert.StartsWith("200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_exits_1_when_nothing_answers_and_2_without_a_url()
    {
        var (down, downOutput) = await RunBotAsync("probe", new Uri(Loopback.ClosedPort(), "health").ToString());
        Assert.True(down == 1, downOutput);

        var (usage, usageOutput) = await RunBotAsync("probe");
        Assert.True(usage == 2, usageOutput);
        Assert.Contains("Usage: probe", usageOutput, StringComparison.Ordinal);
    }
}
