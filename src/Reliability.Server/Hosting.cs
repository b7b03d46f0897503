using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Reliability.Server.Auth;
using Reliability.Server.Board;
using Reliability.Server.Data;
using Reliability.Server.Health;
using Reliability.Server.Http;
using Reliability.Server.Jobs;
using Reliability.Server.Scoring;

namespace Reliability.Server;

/// <summary>Service registration and start-up steps, so Program.cs reads as a table of contents.</summary>
public static partial class Hosting
{
    public static WebApplicationBuilder AddReliabilityServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddReliabilityDb(config, builder.Environment.ContentRootPath);
        // Keys that protect the sign-in cookies live in the database: shared by every instance, kept across restarts and containers.
        var keyRing = services.AddDataProtection().SetApplicationName("Reliability").PersistKeysToDbContext<ReliabilityDb>();
        if (KeyRingCertificate.Load(config) is { } certificate) keyRing.ProtectKeysWithCertificate(certificate);
        var halfLife = config.GetValue("Scoring:HalfLifeDays", 730.0);
        if (halfLife < 0 || !double.IsFinite(halfLife))
            throw new InvalidOperationException($"Scoring:HalfLifeDays must be 0 (no decay) or a positive number of days, not {halfLife}.");
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new ScoringOptions { HalfLifeDays = halfLife }));
        services.AddScoped<ScoreKeeper>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<ConsistencyCheck>();
        services.AddReliabilityJobs(config, builder.Environment.ContentRootPath);

        services.AddIdentityCore<AppUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<ReliabilityDb>()
            .AddClaimsPrincipalFactory<RoleClaimsPrincipalFactory>();

        const string selector = "Reliability";
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = selector;
                o.DefaultChallengeScheme = selector;
                o.DefaultForbidScheme = selector;
            })
            .AddPolicyScheme(selector, "API token or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                ApiTokens.Presented(context.Request) is not null ? ApiTokens.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokens.Scheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "reliability.auth";
            o.Cookie.HttpOnly = true;
            // Strict same-site cookies are the CSRF defence for cookie-authenticated writes.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            // An API answers 401/403; it never redirects to a login page.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            // Check the security stamp on every request (one indexed lookup), so revoking a user ends their sessions at once.
            o.Events.OnValidatePrincipal = async c =>
            {
                var signIn = c.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                if (await signIn.ValidateSecurityStampAsync(c.Principal) is null)
                {
                    c.RejectPrincipal();
                    await signIn.SignOutAsync();
                }
            };
        });
        services.AddAuthorizationBuilder()
            .AddRolePolicies()
            .AddReadPolicy(config.GetValue("Reliability:RequireSignInToRead", false));

        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Limits.MaxRequestBodyBytes);
        services.AddOpenApi();
        services.AddSignalR().AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<ChangeFeedSignal>();
        services.AddSingleton<BoardPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<BoardPublisher>());
        services.AddCors(o => o.AddPolicy(HubOrigins.CorsPolicy, p => p.WithOrigins(HubOrigins.AllowedOrigins(config))
            .AllowCredentials().AllowAnyHeader().WithMethods("GET", "POST")));
        services.AddReliabilityHealthChecks();
        return builder;
    }

    public static WebApplication UseReliabilityPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<HubOrigins>();
        app.UseBoardFiles();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Migrates (SQLite always; SQL Server when Database:MigrateOnStart is true, else checks `db migrate` ran) and loads the demo data into an empty database.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        await Database.EnsureMigratedAsync(db, app.Configuration);
        if (app.Configuration.GetValue("Reliability:SeedDemoData", true))
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
    }

    /// <summary>Prints where the board is once Kestrel has bound its addresses (as a log entry when logs are JSON lines, so every line parses).</summary>
    public static void AnnounceAddresses(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var json = Reliability.Telemetry.ServiceTelemetry.LogsAreJson(app.Configuration, app.Environment);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Reliability.Server");
            foreach (var address in addresses)
            {
                if (json) LogRunning(logger, address);
                else Console.WriteLine($"Reliability is running: board {address}/  API {address}/api/sources  OpenAPI {address}/openapi/v1.json");
            }
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Reliability is running: board {Address}/  API {Address}/api/sources  OpenAPI {Address}/openapi/v1.json")]
    private static partial void LogRunning(ILogger logger, string address);
}
