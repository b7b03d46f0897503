using Reliability.Server;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Board;
using Reliability.Server.Claims;
using Reliability.Server.Cli;
using Reliability.Server.Health;
using Reliability.Server.Jobs;
using Reliability.Server.Sources;
using Reliability.Server.Telemetry;

if (Probe.IsCommand(args))
    return await Probe.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddReliabilityServices();
builder.AddReliabilityTelemetry();
var app = builder.Build();

if (DatabaseCli.IsCommand(args))
    return await new DatabaseCli(app.Services, app.Configuration, Console.Out, Console.Error).RunAsync(args);
if (AdminCli.IsCommand(args))
    return await new AdminCli(app.Services, Console.Out, Console.Error, Console.In).RunAsync(args);

await app.PrepareDatabaseAsync();
app.UseReliabilityPipeline();

app.MapSourcesApi();
app.MapClaimsApi();
app.MapEchoesApi();
app.MapVerdictsApi();
app.MapJobsApi();
app.MapAuditApi();
app.MapAuthApi();
app.MapBoard();
app.MapOpenApi();
app.MapHealthApi();
Reliability.Server.Diagnostics.ReferenceApi.MapReferenceApi(app); // benchmark references, only with Benchmarks:ReferenceEndpoints=true

app.AnnounceAddresses();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
