using Microsoft.EntityFrameworkCore;
using Reliability.Server.Audit;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;

namespace Reliability.Server.Data;

/// <summary>
/// Loads <see cref="DemoData"/> into an empty database. Claims and verdicts are replayed in date order and each
/// affected source is scored as of that day, so the demo's score histories show real moves with their causes.
/// </summary>
public sealed partial class DemoSeeder(ReliabilityDb db, ScoreKeeper scores, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string Actor = "demo-data";

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Sources.AnyAsync(ct)) return false;
        await db.InTransactionAsync(async ct =>
        {
            await SeedAsync(ct);
            return (true, true);
        }, ct);
        LogSeeded(logger, DemoData.Sources.Count, DemoData.Claims.Count);
        return true;
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var firstDay = DemoData.Claims.Min(c => c.MadeAt);
        var sources = new Dictionary<string, Source>();
        foreach (var s in DemoData.Sources)
        {
            var source = new Source
            {
                Name = s.Name, Kind = s.Kind, Aliases = [.. s.Aliases], Url = s.Url, Description = s.Description,
                SearchText = SourceSearch.Build(s.Name, s.Aliases), CreatedAt = Noon(firstDay),
            };
            sources[s.Key] = source;
            db.Sources.Add(source);
        }
        await db.SaveChangesAsync(ct);
        await scores.RecomputeAsync([.. sources.Values.Select(s => s.Id)], "created", [], ct, Noon(firstDay));
        await db.SaveChangesAsync(ct);

        // One timeline of claims and verdicts; on the same day a claim comes before verdicts on it.
        var events = DemoData.Claims.Select(c => (Day: c.MadeAt, Order: 0, Claim: c, Verdict: (DemoData.DemoVerdict?)null))
            .Concat(DemoData.Claims.SelectMany(c => c.Verdicts.Select(v => (Day: v.RecordedOn, Order: 1, Claim: c, Verdict: (DemoData.DemoVerdict?)v))))
            .OrderBy(e => e.Day).ThenBy(e => e.Order).ToList();

        var claims = new Dictionary<string, Claim>();
        foreach (var e in events)
        {
            var at = Noon(e.Day);
            if (e.Verdict is null)
            {
                var c = e.Claim;
                var claim = new Claim
                {
                    SourceId = sources[c.SourceKey].Id, Text = c.Text, MadeAt = c.MadeAt, Url = c.Url, Citation = c.Citation,
                    StatedConfidence = c.StatedConfidence, ConfidencePhrase = c.ConfidencePhrase,
                    RepeatsClaimId = c.RepeatsKey is null ? null : claims[c.RepeatsKey].Id,
                    Tags = [.. c.Tags], CreatedAt = at,
                };
                db.Claims.Add(claim);
                await db.SaveChangesAsync(ct);
                claims[c.Key] = claim;
                await scores.RecomputeAsync([claim.SourceId], "claim", [], ct, at);
            }
            else
            {
                var claim = claims[e.Claim.Key];
                var verdict = new Verdict
                {
                    ClaimId = claim.Id, Outcome = e.Verdict.Outcome, EvidenceUrls = [.. e.Verdict.EvidenceUrls],
                    Note = e.Verdict.Note, RecordedBy = Actor, RecordedAt = at,
                };
                db.Verdicts.Add(verdict);
                claim.VerdictVersion++;
                await db.SaveChangesAsync(ct);
                await scores.RecomputeAsync(await scores.AffectedSourcesAsync(claim.Id, ct), "verdict", [verdict.Id], ct, at);
            }
            await db.SaveChangesAsync(ct);
        }

        // Bring every score up to today's decay.
        await scores.RecomputeAsync([.. sources.Values.Select(s => s.Id)], "decay", [], ct);
        db.Record(time, Actor, "demo.seed", "Database", null, null,
            new { Sources = sources.Count, Claims = claims.Count, Verdicts = DemoData.Claims.Sum(c => c.Verdicts.Length) });
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded demo data: {Sources} sources, {Claims} claims.")]
    private static partial void LogSeeded(ILogger logger, int sources, int claims);

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
