using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Data;

public sealed class DemoSeedingTests
{
    [Fact]
    public async Task Fresh_database_loads_the_demo_data_and_answers_amaq_and_centcom()
    {
        await using var app = new TestApp(seedDemoData: true);
        var client = app.CreateClient();

        var amaq = await (await client.GetAsync("/api/sources?search=amaq")).ReadAsync<List<SourceDto>>();
        var centcom = await (await client.GetAsync("/api/sources?search=centcom")).ReadAsync<List<SourceDto>>();
        var all = await (await client.GetAsync("/api/sources")).ReadAsync<List<SourceDto>>();

        Assert.Contains(amaq, s => s.Name.Contains("Amaq", StringComparison.Ordinal));
        Assert.NotEmpty(centcom);
        Assert.Equal(DemoData.Sources.Count, all.Count);
        Assert.All(all, s => Assert.NotNull(s.Score));
        Assert.Equal(DemoData.Claims.Count, app.WithDb(db => db.Claims.Count()));
        Assert.Equal(DemoData.Claims.Sum(c => c.Verdicts.Length), app.WithDb(db => db.Verdicts.Count()));
    }

    [Fact]
    public async Task Demo_scores_equal_a_full_recompute_and_history_names_the_verdicts()
    {
        await using var app = new TestApp(seedDemoData: true);
        var client = app.CreateClient();
        var all = await (await client.GetAsync("/api/sources")).ReadAsync<List<SourceDto>>();

        // The replayed history must end where scoring the whole record today lands.
        using var scope = app.Services.CreateScope();
        var keeper = scope.ServiceProvider.GetRequiredService<ScoreKeeper>();
        var stale = await keeper.RecomputeAsync([.. all.Select(s => s.Id)], "check", [], CancellationToken.None);
        Assert.Empty(stale);

        // The drone strike of 29 August 2021: the demo records the U.S. claim as refuted.
        var refutedIds = app.WithDb(db => db.Verdicts.Where(v => v.Outcome == VerdictOutcome.Refuted).Select(v => v.ClaimId).ToHashSet());
        var kabul = app.WithDb(db => db.Claims.AsEnumerable().First(c => c.Tags.Contains("kabul-2021") && refutedIds.Contains(c.Id)));
        var claim = await (await client.GetAsync($"/api/claims/{kabul.Id}")).ReadAsync<ClaimDto>();
        Assert.Equal(ClaimStatus.Refuted, claim.Status);
        var history = await (await client.GetAsync($"/api/sources/{kabul.SourceId}/history")).ReadAsync<List<ScoreHistoryEntry>>();
        Assert.Contains(history, h => h.Cause == "verdict" && h.CauseVerdictIds.Contains(claim.LatestVerdict!.Id) && h.Delta < 0);
        Assert.Equal(history.Select(h => h.Version).OrderByDescending(v => v), history.Select(h => h.Version));
    }

    [Fact]
    public async Task Restart_on_the_same_database_does_not_load_the_demo_data_twice()
    {
        var directory = TestApp.NewDataDirectory();
        await using (var first = new TestApp(seedDemoData: true, dataDirectory: directory, keepData: true))
            first.CreateClient();
        await using var second = new TestApp(seedDemoData: true, dataDirectory: directory);
        second.CreateClient();

        Assert.Equal(DemoData.Sources.Count, second.WithDb(db => db.Sources.Count()));
    }

    [Fact]
    public async Task SeedDemoData_false_starts_empty()
    {
        await using var app = new TestApp(seedDemoData: false);
        var response = await app.CreateClient().GetAsync("/api/sources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.ReadAsync<List<SourceDto>>());
    }
}
