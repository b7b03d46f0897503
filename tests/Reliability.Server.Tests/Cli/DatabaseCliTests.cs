using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Cli;
using Reliability.Server.Data;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Cli;

public sealed class DatabaseCliTests
{
    private static async Task<(int Code, string Out, string Err)> DbAsync(TestApp app, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new DatabaseCli(app.Services, app.Services.GetRequiredService<IConfiguration>(), stdout, stderr).RunAsync(["db", .. args]);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_applies_pending_migrations_once_and_status_lists_them_applied()
    {
        await using var app = new TestApp();
        // The started server migrated its file; roll the last migration back (its Down) to see `db migrate` apply it again.
        var migrations = app.WithDb(db => db.Database.GetMigrations().ToList());
        var last = migrations[^1];
        app.WithDb(db =>
        {
            db.GetService<IMigrator>().Migrate(migrations[^2]);
            return 0;
        });

        var (status, pendingList, _) = await DbAsync(app, "status");
        Assert.Equal(0, status);
        Assert.Contains($"pending  {last}", pendingList, StringComparison.Ordinal);

        var (code, output, error) = await DbAsync(app, "migrate");
        Assert.True(code == 0, error);
        Assert.Contains($"Applied 1 migration(s) to the Sqlite database: {last}.", output, StringComparison.Ordinal);

        var (again, upToDate, _) = await DbAsync(app, "migrate");
        Assert.Equal(0, again);
        Assert.Contains("up to date", upToDate, StringComparison.Ordinal);
        var (_, appliedList, _) = await DbAsync(app, "status");
        Assert.DoesNotContain("pending", appliedList, StringComparison.Ordinal);
        Assert.Contains($"applied  {last}", appliedList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_on_an_empty_database_also_creates_the_schedulers_tables_without_joining_the_cluster()
    {
        // The compose file's one-shot migrate step: afterwards servers start on a complete schema (Quartz's QRTZ_* tables
        // included), and the migrate process never checked in as a scheduler instance.
        using var data = new TempDataDirectory();
        var (code, output, error) = await ServerProcess.RunCliAsync(data.Path, ["db", "migrate"]);
        Assert.True(code == 0, $"db migrate exited with {code}: {error}\n{output}");
        Assert.Contains("The job scheduler's tables are in place.", output, StringComparison.Ordinal);

        using var connection = data.OpenDatabase();
        long Count(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
        foreach (var table in new[] { "QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS" })
            Assert.Equal(1, Count($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS"));
    }

    [Fact]
    public async Task Checked_in_sql_server_schema_is_what_the_migrations_generate()
    {
        var path = Path.Combine(RepoRoot(), "docs", "sqlserver-schema.sql");
        var generated = DatabaseCli.Script(DatabaseProvider.SqlServer, idempotent: true);

        Assert.True(File.Exists(path), $"{path} is missing.");
        Assert.True(generated == (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"),
            "docs/sqlserver-schema.sql is out of date with the SQL Server migrations. Regenerate it with: " +
            "dotnet run --project src/Reliability.Server -- db script --provider SqlServer --idempotent --output \"$PWD/docs/sqlserver-schema.sql\"");
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", generated, StringComparison.Ordinal);
        Assert.Contains("READ_COMMITTED_SNAPSHOT ON", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_writes_a_file_for_either_provider_and_bad_options_get_the_usage()
    {
        await using var app = new TestApp();
        var output = Path.Combine(app.DataDirectory, "schema.sql");

        var (code, message, _) = await DbAsync(app, "script", "--provider", "sqlite", "--output", output);
        Assert.Equal(0, code);
        Assert.Contains(output, message, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"Sources\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);

        var (bad, _, usage) = await DbAsync(app, "script", "--provider", "oracle");
        Assert.Equal(2, bad);
        Assert.Contains("unexpected '--provider'", usage, StringComparison.Ordinal);
        var (unknown, _, _) = await DbAsync(app, "drop");
        Assert.Equal(2, unknown);
        var (unwritable, _, why) = await DbAsync(app, "script", "--output", Path.Combine(app.DataDirectory, "no", "such", "dir", "x.sql"));
        Assert.Equal(1, unwritable);
        Assert.Contains("db script:", why, StringComparison.Ordinal);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Reliability.sln"))) return dir.FullName;
        throw new InvalidOperationException("Reliability.sln not found above the test binaries.");
    }
}
