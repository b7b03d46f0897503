using Reliability.Bot.Api;
using Reliability.Bot.Commands;
using Reliability.Bot.Configuration;
using Reliability.Bot.Interactions;

namespace Reliability.Bot;

/// <summary>Service registration, so Program.cs reads as a table of contents.</summary>
public static class Hosting
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder, BotSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SignatureVerifier(settings.PublicKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReplayGuard>();

        services.AddHttpClient<ReliabilityClient>(http => ReliabilityClient.Configure(http, settings));
        services.AddHttpClient(nameof(DiscordApi), http => DiscordApi.Configure(http, settings.DiscordApiBaseUrl, settings.BotToken));

        services.AddTransient<SourceResolver>();
        services.AddTransient<ISlashCommand, ReliabilityCommand>();
        services.AddTransient<ISlashCommand, ClaimsCommand>();
        services.AddTransient<ISlashCommand, CompareCommand>();
        services.AddTransient<ISlashCommand, WhyCommand>();
        services.AddTransient<ISlashCommand, VerdictCommand>();
        services.AddTransient<Autocomplete>();
        services.AddTransient<CommandRunner>();
        services.AddSingleton<DeferredReplies>();
        services.AddHostedService(sp => sp.GetRequiredService<DeferredReplies>());

        services.AddHealthChecks();
        // Per-request framework logs would drown the bot's own; warnings still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return builder;
    }
}
