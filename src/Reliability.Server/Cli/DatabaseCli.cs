using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Quartz;
using Reliability.Server.Data;

namespace Reliability.Server.Cli;

/// <summary>
/// <c>db migrate</c> applies the configured provider's migrations (the one-shot step before servers start on SQL Server);
/// <c>db status</c> lists applied and pending ones; <c>db script</c> prints a provider's migrations as SQL without
/// connecting (docs/sqlserver-schema.sql is its output, so a schema change shows in review).
/// </summary>
public sealed class DatabaseCli(IServiceProvider services, IConfiguration config, TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        Usage:
          db migrate             apply every pending migration to the configured database and create the job
                                 scheduler's tables, then exit
          db status              list the applied and the pending migrations
          db script [--provider Sqlite|SqlServer] [--idempotent] [--output FILE]
                                 print the migrations as SQL (default: the configured provider), without connecting;
                                 a relative FILE is relative to the working directory (under `dotnet run`, the project's)
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "db";

    public async Task<int> RunAsync(string[] args)
    {
        args = ConfigurationSwitches.Strip(args);
        try
        {
            return args.Length > 1 ? args[1] switch
            {
                "migrate" when args.Length == 2 => await MigrateAsync(),
                "status" when args.Length == 2 => await StatusAsync(),
                "script" => await ScriptAsync(args[2..]),
                _ => await FailAsync(Usage),
            } : await FailAsync(Usage);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            return await FailAsync($"db {args[1]}: {ex.Message}", 1);
        }
    }

    private async Task<int> MigrateAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await Database.MigrateAsync(db);
        await stdout.WriteLineAsync(pending.Count == 0
            ? $"The {Database.Provider(config)} database is up to date."
            : $"Applied {pending.Count} migration(s) to the {Database.Provider(config)} database: {string.Join(", ", pending)}.");
        // Quartz's own tables (QRTZ_*): building the scheduler, without starting it, creates whichever are missing, so
        // servers start on a complete schema and need no right to create tables.
        if (services.GetService<ISchedulerFactory>() is { } factory)
        {
            var scheduler = await factory.GetScheduler();
            // (A scheduler already started belongs to a running server, which keeps it.)
            if (scheduler.Status != SchedulerStatus.Running) await scheduler.Shutdown(waitForJobsToComplete: false);
            await stdout.WriteLineAsync("The job scheduler's tables are in place.");
        }
        return 0;
    }

    private async Task<int> StatusAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToHashSet();
        foreach (var migration in db.Database.GetMigrations())
            await stdout.WriteLineAsync($"{(applied.Contains(migration) ? "applied" : "pending")}  {migration}");
        return 0;
    }

    private async Task<int> ScriptAsync(string[] options)
    {
        var provider = Database.Provider(config);
        var idempotent = false;
        string? output = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--idempotent": idempotent = true; break;
                case "--provider" when i + 1 < options.Length && Enum.TryParse(options[i + 1], ignoreCase: true, out provider): i++; break;
                case "--output" when i + 1 < options.Length: output = options[++i]; break;
                default: return await FailAsync($"db script: unexpected '{options[i]}'.{Environment.NewLine}{Usage}");
            }
        }
        var script = Script(provider, idempotent);
        if (output is null) await stdout.WriteAsync(script);
        else
        {
            await File.WriteAllTextAsync(output, script);
            await stdout.WriteLineAsync($"Wrote the {provider} migrations script to {Path.GetFullPath(output)}.");
        }
        return 0;
    }

    /// <summary>The provider's migrations as one SQL script, from the design-time model (no connection is opened).</summary>
    public static string Script(DatabaseProvider provider, bool idempotent)
    {
        using DbContext db = provider == DatabaseProvider.SqlServer
            ? new SqlServerDesignTimeFactory().CreateDbContext([])
            : new SqliteDesignTimeFactory().CreateDbContext([]);
        var options = idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default;
        // Unix line endings whatever the machine, so the checked-in script only changes when the schema does.
        return db.GetService<IMigrator>().GenerateScript(options: options).ReplaceLineEndings("\n");
    }

    private async Task<int> FailAsync(string message, int code = 2)
    {
        await stderr.WriteLineAsync(message);
        return code;
    }
}
