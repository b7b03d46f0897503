using Reliability.Bot;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;
using Reliability.Bot.Registration;
using Reliability.Bot.Telemetry;
using Reliability.Server.Cli;

// `probe URL` (exit 0 on 2xx) is the container health check; it needs no configuration, so it runs before anything is read.
if (Probe.IsCommand(args))
    return await Probe.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);

if (RegisterCommands.IsVerb(args))
    return await RegisterCommands.RunAsync(builder.Configuration, args, Console.Out, Console.Error);

BotSettings settings;
try { settings = BotSettings.Read(builder.Configuration); }
catch (BotConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

builder.AddBotServices(settings);
builder.AddBotTelemetry();
var app = builder.Build();

app.MapInteractions();
app.MapHealthChecks("/health");

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
