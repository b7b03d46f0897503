using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Reliability.Server.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Reads <c>Database:Provider</c> and the connection string, and registers the matching context.</summary>
public static class Database
{
    public static DatabaseProvider Provider(IConfiguration config)
    {
        var value = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider must be 'Sqlite' or 'SqlServer', not '{value}'.");
    }

    /// <summary>The data folder: <c>Reliability:DataDirectory</c>, default "data" under the content root.</summary>
    public static string DataDirectory(IConfiguration config, string contentRoot) =>
        Path.GetFullPath(config["Reliability:DataDirectory"] ?? Path.Combine(contentRoot, "data"));

    /// <summary>The configured connection string; for SQLite by default a file in the data folder (created if missing).</summary>
    public static string ConnectionString(IConfiguration config, string contentRoot)
    {
        var connectionString = config.GetConnectionString("Reliability");
        if (Provider(config) == DatabaseProvider.SqlServer)
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Reliability is not set.")
                : connectionString;
        }
        var sqlite = new SqliteConnectionStringBuilder(connectionString ?? "");
        if (string.IsNullOrWhiteSpace(sqlite.DataSource))
        {
            var dataDirectory = DataDirectory(config, contentRoot);
            Directory.CreateDirectory(dataDirectory);
            sqlite.DataSource = Path.Combine(dataDirectory, "reliability.db");
        }
        // Several processes (server instances, the CLI, the scheduler) share the file: wait for the write lock, don't fail.
        sqlite.DefaultTimeout = Math.Max(sqlite.DefaultTimeout, 30);
        return sqlite.ToString();
    }

    public static IServiceCollection AddReliabilityDb(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var connectionString = ConnectionString(config, contentRoot);
        if (Provider(config) == DatabaseProvider.SqlServer)
            services.AddDbContext<ReliabilityDb, SqlServerReliabilityDb>(o => o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
        else
            services.AddDbContext<ReliabilityDb, SqliteReliabilityDb>(o => o.UseSqlite(connectionString));
        return services;
    }

    /// <summary>
    /// Whether a starting process applies migrations itself: always on SQLite (one machine, nothing to coordinate); on SQL
    /// Server only with <c>Database:MigrateOnStart=true</c>, since there a one-shot <c>db migrate</c> runs before the servers.
    /// </summary>
    public static bool MigratesOnStart(IConfiguration config) =>
        Provider(config) == DatabaseProvider.Sqlite || config.GetValue("Database:MigrateOnStart", false);

    /// <summary>Migrates when this process should (<see cref="MigratesOnStart"/>); otherwise refuses a database that lacks migrations.</summary>
    public static async Task EnsureMigratedAsync(ReliabilityDb db, IConfiguration config, CancellationToken cancellationToken = default)
    {
        if (MigratesOnStart(config))
        {
            await MigrateAsync(db, cancellationToken);
            return;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}). Run `db migrate` first " +
                "(the compose file's migrate service does), or set Database:MigrateOnStart=true.");
    }

    /// <summary>Applies migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(ReliabilityDb db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

// Design-time factories for `dotnet ef migrations add --context …`; they never open a connection.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteReliabilityDb>
{
    public SqliteReliabilityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReliabilityDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerReliabilityDb>
{
    public SqlServerReliabilityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerReliabilityDb>().UseSqlServer("Server=.;Database=Reliability;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
