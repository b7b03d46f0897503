extern alias server;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using AdminCli = server::Reliability.Server.Cli.AdminCli;
using ServerProgram = server::Program;

namespace Reliability.Bot.Tests.Infrastructure;

/// <summary>
/// The real reliability server, in process on Kestrel at a free loopback port (the bot's HttpClient needs TCP), with its
/// own SQLite folder and the 24 demo sources. The bot's user is a moderator, created through the server's admin CLI.
/// <see cref="Delay"/> and <see cref="FailWith"/> make its API slow or failing on demand.
/// </summary>
public sealed class ServerApp : WebApplicationFactory<ServerProgram>, IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "reliability-bot-tests", Guid.NewGuid().ToString("N"));
    public Uri Address { get; private set; } = null!;
    public string BotToken { get; private set; } = "";

    /// <summary>Added before every /api answer.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every /api request answers this status instead.</summary>
    public HttpStatusCode? FailWith { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Reliability:DataDirectory", DataDirectory);
        builder.UseSetting("Reliability:SeedDemoData", "true");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Faults(this)));
    }

    public async Task InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        BotToken = await TokenAsync("discord-bot", "moderator");
    }

    /// <summary>Creates a user through the server's admin CLI and returns the API token it prints once.</summary>
    public async Task<string> TokenAsync(string name, string role)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new AdminCli(Services, stdout, stderr, new StringReader("")).RunAsync(["users", "add", name, "--role", role]);
        Assert.True(code == 0, stderr.ToString());
        return stdout.ToString().Trim().Split('\n')[^1].Trim();
    }

    /// <summary>A GET on the real API, as an anonymous reader, for comparing the bot's answers with the source of truth.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = Address };
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    public async Task<JsonElement> SourceNamedAsync(string name) =>
        (await GetAsync($"/api/sources?search={Uri.EscapeDataString(name)}")).EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public HttpClient ClientWithToken(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs first in the server's pipeline: slows down or fails the API while a test asks for it.</summary>
    private sealed class Faults(ServerApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (HttpContext context, RequestDelegate rest) =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    if (app.Delay > TimeSpan.Zero) await Task.Delay(app.Delay);
                    if (app.FailWith is { } status) { context.Response.StatusCode = (int)status; return; }
                }
                await rest(context);
            });
            next(builder);
        };
    }
}
