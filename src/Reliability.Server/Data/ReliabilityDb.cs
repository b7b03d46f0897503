using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Reliability.Server.Data;

/// <summary>
/// The one model. Each provider gets a subclass only so it can own its migration set
/// (migrations are bound to a context type); the model itself is defined here once.
/// </summary>
public abstract class ReliabilityDb(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<Verdict> Verdicts => Set<Verdict>();
    public DbSet<ScoreVersion> ScoreVersions => Set<ScoreVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<RecomputeRequest> RecomputeRequests => Set<RecomputeRequest>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<BoardChange> BoardChanges => Set<BoardChange>();

    /// <summary>The key ring that protects sign-in cookies: in the database, so every instance shares it and it survives restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Source>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(Limits.NameLength);
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.Url).HasMaxLength(Limits.UrlLength);
            e.Property(s => s.Description).HasMaxLength(Limits.TextLength);
            e.Property(s => s.SearchText).HasMaxLength(Limits.SearchTextLength);
            e.HasIndex(s => s.Kind);
        });

        builder.Entity<Claim>(e =>
        {
            e.Property(c => c.Text).HasMaxLength(Limits.TextLength);
            e.Property(c => c.Url).HasMaxLength(Limits.UrlLength);
            e.Property(c => c.Citation).HasMaxLength(Limits.CitationLength);
            e.Property(c => c.ConfidencePhrase).HasMaxLength(64);
            e.Property(c => c.VerdictVersion).IsConcurrencyToken();
            e.HasOne(c => c.Source).WithMany(s => s.Claims).HasForeignKey(c => c.SourceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.RepeatsClaim).WithMany().HasForeignKey(c => c.RepeatsClaimId).OnDelete(DeleteBehavior.Restrict);
            // Covers the recompute's record query (a source's claims with what scoring reads), so it never visits the table.
            e.HasIndex(c => new { c.SourceId, c.MadeAt, c.StatedConfidence, c.RepeatsClaimId });
            e.HasIndex(c => c.RepeatsClaimId);
        });

        builder.Entity<Verdict>(e =>
        {
            e.Property(v => v.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(v => v.Note).HasMaxLength(Limits.TextLength);
            e.Property(v => v.RecordedBy).HasMaxLength(Limits.NameLength);
            e.HasOne(v => v.Claim).WithMany(c => c.Verdicts).HasForeignKey(v => v.ClaimId).OnDelete(DeleteBehavior.Restrict);
            // Covers "a claim's latest verdict outcome", looked up once per claim by every recompute.
            e.HasIndex(v => new { v.ClaimId, v.Id, v.Outcome });
        });

        builder.Entity<ScoreVersion>(e =>
        {
            e.Property(v => v.Grade).HasMaxLength(1);
            e.Property(v => v.Cause).HasMaxLength(64);
            e.HasOne<Source>().WithMany(s => s.Scores).HasForeignKey(v => v.SourceId).OnDelete(DeleteBehavior.Restrict);
            // One row per (source, version): two writers can never store conflicting versions.
            e.HasIndex(v => new { v.SourceId, v.Version }).IsUnique();
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(Limits.NameLength);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.EntityType).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
        });

        builder.Entity<RecomputeRequest>(e =>
        {
            e.Property(r => r.Cause).HasMaxLength(64);
            e.Property(r => r.LastError).HasMaxLength(Limits.TextLength);
            e.Property(r => r.ClaimedBy).HasMaxLength(200);
            e.HasIndex(r => new { r.FailedAt, r.NextAttemptAt });
            e.HasIndex(r => r.SourceId);
        });

        builder.Entity<JobRun>(e =>
        {
            e.Property(r => r.Job).HasMaxLength(64);
            e.Property(r => r.Instance).HasMaxLength(200);
            e.Property(r => r.Error).HasMaxLength(Limits.TextLength);
            e.HasIndex(r => new { r.Job, r.Id });
            // One run per scheduled slot of a recurring job. [brackets] quote identifiers in both SQL Server and SQLite.
            e.HasIndex(r => new { r.Job, r.ScheduledFor }).IsUnique().HasFilter("[ScheduledFor] IS NOT NULL");
        });

        builder.Entity<BoardChange>(e =>
        {
            e.HasKey(c => c.Sequence);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(c => c.VerdictId).IsUnique().HasFilter("[VerdictId] IS NOT NULL");
            e.HasIndex(c => new { c.Kind, c.Sequence });
        });

        builder.Entity<AppUser>(e => e.Property(u => u.Role).HasConversion<string>().HasMaxLength(16));

        builder.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Hash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne(t => t.User).WithMany(u => u.ApiTokens).HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class SqliteReliabilityDb(DbContextOptions<SqliteReliabilityDb> options) : ReliabilityDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite stores DateTimeOffset as text it cannot order or compare; store it as a sortable integer instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerReliabilityDb(DbContextOptions<SqlServerReliabilityDb> options) : ReliabilityDb(options);

/// <summary>Field limits shared by the model and request validation.</summary>
public static class Limits
{
    public const int NameLength = 200;
    public const int TextLength = 4000;
    public const int UrlLength = 2048;
    public const int CitationLength = 1000;
    public const int SearchTextLength = 4000;
    public const int MaxAliases = 20;
    public const int MaxTags = 20;
    public const int TagLength = 50;
    public const int MaxEvidenceUrls = 10;
    public const long MaxRequestBodyBytes = 1024 * 1024;
}
