using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Reliability.Server.Data;

namespace Reliability.Server.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet ef migrations add <Name> --context SqliteReliabilityDb --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQL Server migration: dotnet ef migrations add <Name> --context SqlServerReliabilityDb --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public async Task Sqlite_migrations_build_the_schema_on_an_empty_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reliability-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = new SqliteReliabilityDb(new DbContextOptionsBuilder<SqliteReliabilityDb>().UseSqlite($"Data Source={path}").Options))
            {
                await Database.MigrateAsync(db);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(0, await db.Sources.CountAsync());
                var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
                Assert.Equal("wal", journal.Single());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    [Fact]
    public void SqlServer_migrations_script_creates_every_table_with_concurrency_and_unique_indexes()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript();

        foreach (var table in new[] { "Sources", "Claims", "Verdicts", "ScoreVersions", "AuditEntries", "ApiTokens", "AspNetUsers" })
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ScoreVersions_SourceId_Version]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ApiTokens_Hash]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_provider_owns_a_separate_migration_set()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var sqliteMigrations = sqlite.Database.GetMigrations().ToList();
        var sqlServerMigrations = sqlServer.Database.GetMigrations().ToList();

        Assert.NotEmpty(sqliteMigrations);
        Assert.NotEmpty(sqlServerMigrations);
        Assert.Empty(sqliteMigrations.Intersect(sqlServerMigrations));
    }
}
