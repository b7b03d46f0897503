using Microsoft.AspNetCore.Identity;

namespace Reliability.Server.Data;

public enum SourceKind { Government, Outlet, Channel, Organization, Individual }

public enum VerdictOutcome { Confirmed, Refuted, PartlyTrue, Unverifiable, Retracted }

/// <summary>Roles are ordered: each one can do everything the ones below it can.</summary>
public enum Role { Viewer = 0, Member = 1, Moderator = 2, Admin = 3 }

public sealed class Source
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public SourceKind Kind { get; set; }
    /// <summary>What people type for this source ("CENTCOM", "US Central Command").</summary>
    public List<string> Aliases { get; set; } = [];
    public string? Url { get; set; }
    public string? Description { get; set; }
    /// <summary>Name and aliases folded to lower case, so search is one indexed-friendly LIKE on every provider.</summary>
    public string SearchText { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public List<Claim> Claims { get; set; } = [];
    public List<ScoreVersion> Scores { get; set; } = [];
}

public sealed class Claim
{
    public int Id { get; set; }
    public int SourceId { get; set; }
    public Source? Source { get; set; }
    public required string Text { get; set; }
    /// <summary>The day the source made the claim.</summary>
    public DateOnly MadeAt { get; set; }
    public string? Url { get; set; }
    /// <summary>Where the claim can be read when there is no URL or to say more than one (a report, page, broadcast).</summary>
    public string? Citation { get; set; }
    /// <summary>Probability 0–1 the source attached, directly or through <see cref="ConfidencePhrase"/>.</summary>
    public double? StatedConfidence { get; set; }
    /// <summary>The estimative phrase the source used ("almost certainly"), when it used one.</summary>
    public string? ConfidencePhrase { get; set; }
    /// <summary>The earlier claim this one echoes (circular reporting).</summary>
    public int? RepeatsClaimId { get; set; }
    public Claim? RepeatsClaim { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Bumped with every verdict; the concurrency token that turns two colliding moderators into a 409.</summary>
    public int VerdictVersion { get; set; }
    public List<Verdict> Verdicts { get; set; } = [];
}

public sealed class Verdict
{
    public int Id { get; set; }
    public int ClaimId { get; set; }
    public Claim? Claim { get; set; }
    public VerdictOutcome Outcome { get; set; }
    public List<string> EvidenceUrls { get; set; } = [];
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One computed score of a source; every version is kept as history.</summary>
public sealed class ScoreVersion
{
    public long Id { get; set; }
    public int SourceId { get; set; }
    public int Version { get; set; }
    public double Reliability { get; set; }
    public double Lower { get; set; }
    public double Upper { get; set; }
    public required string Grade { get; set; }
    public double Alpha { get; set; }
    public double Beta { get; set; }
    public double ResolvedWeight { get; set; }
    public int Confirmed { get; set; }
    public int Refuted { get; set; }
    public int PartlyTrue { get; set; }
    public int Retracted { get; set; }
    public int Unverifiable { get; set; }
    public int Open { get; set; }
    public double? Brier { get; set; }
    public int CalibratedClaims { get; set; }
    public bool Overconfident { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>Why this version exists: "verdict", "claim", "recompute-all", "created"…</summary>
    public required string Cause { get; set; }
    /// <summary>The verdicts that caused this version.</summary>
    public List<int> CauseVerdictIds { get; set; } = [];
    /// <summary>Reliability minus the previous version's (0 for the first).</summary>
    public double Delta { get; set; }
}

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    /// <summary>JSON of the entity before the write (null when created).</summary>
    public string? Before { get; set; }
    /// <summary>JSON of the entity after the write (null when removed).</summary>
    public string? After { get; set; }
}

public sealed class AppUser : IdentityUser
{
    public Role Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ApiToken> ApiTokens { get; set; } = [];
}

/// <summary>A bearer token for scripts and the bot. Only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The first characters, to tell tokens apart in listings without revealing them.</summary>
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>
/// "Recompute this source": written in the same transaction as the verdict or claim that makes it necessary,
/// so a committed write can never lose its recompute. Drained (and deleted) by the recompute job.
/// </summary>
public sealed class RecomputeRequest
{
    public long Id { get; set; }
    public int SourceId { get; set; }
    /// <summary>"verdict", "claim", "decay", "recompute-all"…</summary>
    public required string Cause { get; set; }
    public List<int> VerdictIds { get; set; } = [];
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }
    /// <summary>Not before this time (backoff after a failure).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Set when the request is parked after its last allowed attempt; an admin can retry it.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    /// <summary>The scheduler instance working on it, until <see cref="ClaimedUntil"/>; an expired claim is free again.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>One run of a background job, for <c>GET /api/jobs</c>.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public required string Instance { get; set; }
    /// <summary>When the schedule meant it to fire (recurring jobs); one per schedule across all instances.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double DurationMs { get; set; }
    public int Requests { get; set; }
    public int SourcesRecomputed { get; set; }
    public int VersionsStored { get; set; }
    public int Failures { get; set; }
    public string? Error { get; set; }
}

public enum BoardChangeKind { ScoreChanged, VerdictRecorded, SourceChanged }

/// <summary>
/// One entry of the board's durable change feed, written in the same transaction as the change it describes.
/// Every server instance reads the feed in <see cref="Sequence"/> order and sends each entry to its own hub clients,
/// and a client that reconnects asks for the entries after the last sequence it saw.
/// </summary>
public sealed class BoardChange
{
    /// <summary>Grows with every change; the order clients apply changes in.</summary>
    public long Sequence { get; set; }
    public BoardChangeKind Kind { get; set; }
    public int SourceId { get; set; }
    /// <summary>For <see cref="BoardChangeKind.VerdictRecorded"/>: the verdict, announced once however many sources it moved.</summary>
    public int? VerdictId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The event as JSON, as it was when the change committed.</summary>
    public required string Payload { get; set; }
}
