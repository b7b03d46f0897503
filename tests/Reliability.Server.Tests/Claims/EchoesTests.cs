using System.Net;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Claims;

public sealed class EchoesTests
{
    private static async Task<int> CreateSourceAsync(HttpClient client, string name)
    {
        var response = await client.PostJsonAsync("/api/sources", new { name, kind = "outlet" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<SourceDto>()).Id;
    }

    private static async Task<int> CreateClaimAsync(HttpClient client, int sourceId, int? repeats = null, params string[] tags)
    {
        var response = await client.PostJsonAsync("/api/claims",
            new { sourceId, text = $"Claim by source {sourceId}", madeAt = "2026-09-01", repeatsClaimId = repeats, tags });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<ClaimDto>()).Id;
    }

    private static async Task RefuteAsync(HttpClient client, int claimId) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome = "refuted", note = "x" })).StatusCode);

    private static async Task<EchoesDto> EchoesAsync(HttpClient client, int claimId, string? query = null)
    {
        var response = await client.GetAsync($"/api/claims/{claimId}/echoes{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<EchoesDto>();
    }

    [Fact]
    public async Task Chain_leads_from_a_depth_three_echo_back_to_the_origin_in_order()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var origin = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"));
        var first = await CreateClaimAsync(client, await CreateSourceAsync(client, "First"), origin);
        var second = await CreateClaimAsync(client, await CreateSourceAsync(client, "Second"), first);
        var third = await CreateClaimAsync(client, await CreateSourceAsync(client, "Third"), second);

        var echoes = await EchoesAsync(client, third);

        Assert.Equal(third, echoes.ClaimId);
        Assert.Equal([third, second, first, origin], echoes.Chain.Select(c => c.Id));
        Assert.Equal(origin, echoes.Origin.Id);
        Assert.Equal([(first, 1), (second, 2), (third, 3)], echoes.Echoes.Select(e => (e.Claim.Id, e.Depth)));
        Assert.Equal(4, echoes.Sources);
        Assert.Null(echoes.Story);

        var fromOrigin = await EchoesAsync(client, origin);
        Assert.Equal([origin], fromOrigin.Chain.Select(c => c.Id));
        Assert.Equal(origin, fromOrigin.Origin.Id);
        Assert.Equal(3, fromOrigin.Echoes.Count);
    }

    [Fact]
    public async Task Echoes_of_the_origin_come_breadth_first_with_depths_and_branches()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var originSource = await CreateSourceAsync(client, "Origin");
        var busy = await CreateSourceAsync(client, "Busy echo");
        var origin = await CreateClaimAsync(client, originSource);
        var left = await CreateClaimAsync(client, busy, origin);
        var right = await CreateClaimAsync(client, await CreateSourceAsync(client, "Right"), origin);
        var leftEcho = await CreateClaimAsync(client, busy, left);
        // Unrelated claims stay out of the tree.
        await CreateClaimAsync(client, await CreateSourceAsync(client, "Bystander"));

        var echoes = await EchoesAsync(client, right);

        Assert.Equal([right, origin], echoes.Chain.Select(c => c.Id));
        Assert.Equal(origin, echoes.Origin.Id);
        Assert.Equal([(left, 1, origin), (right, 1, origin), (leftEcho, 2, left)],
            echoes.Echoes.Select(e => (e.Claim.Id, e.Depth, e.RepeatsClaimId)));
        // Origin, busy echo (twice) and right: three distinct sources.
        Assert.Equal(3, echoes.Sources);
        Assert.Empty(echoes.LostWithOrigin);
        Assert.All(echoes.Echoes, e => Assert.Equal(ClaimStatus.Open, e.Claim.Status));
    }

    [Fact]
    public async Task Refuting_the_origin_takes_down_every_echo_without_its_own_verdict()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var originSource = await CreateSourceAsync(client, "Origin");
        var direct = await CreateSourceAsync(client, "Direct echo");
        var careful = await CreateSourceAsync(client, "Careful echo");
        var distant = await CreateSourceAsync(client, "Distant echo");
        var origin = await CreateClaimAsync(client, originSource);
        var directClaim = await CreateClaimAsync(client, direct, origin);
        var carefulClaim = await CreateClaimAsync(client, careful, origin);
        await CreateClaimAsync(client, distant, directClaim);
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostJsonAsync($"/api/claims/{carefulClaim}/verdicts", new { outcome = "confirmed", note = "checked it" })).StatusCode);

        await RefuteAsync(client, origin);
        var echoes = await EchoesAsync(client, carefulClaim);

        Assert.Equal(ClaimStatus.Refuted, echoes.Origin.Status);
        Assert.Equal([direct, distant], echoes.LostWithOrigin);
        Assert.Equal(4, echoes.Sources);
        var byId = echoes.Echoes.ToDictionary(e => e.Claim.Id, e => e.Claim);
        Assert.Equal(ClaimStatus.Confirmed, byId[carefulClaim].Status);
        Assert.Equal(ClaimStatus.Refuted, byId[directClaim].Status);

        await app.WaitForRecomputeAsync();
        foreach (var source in new[] { direct, distant })
        {
            var score = (await (await client.GetAsync($"/api/sources/{source}")).ReadAsync<SourceDto>()).Score!;
            Assert.True(score.Reliability < 0.5, $"source {source} kept {score.Reliability}");
        }
        var kept = (await (await client.GetAsync($"/api/sources/{careful}")).ReadAsync<SourceDto>()).Score!;
        Assert.True(kept.Reliability > 0.5, $"the careful echo fell to {kept.Reliability}");
    }

    [Fact]
    public async Task Story_counts_independent_origins_of_the_origins_most_specific_tag()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var origin = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), null, "russia", "moscow-2024");
        var echo = await CreateClaimAsync(client, await CreateSourceAsync(client, "Echo"), origin, "moscow-2024");
        var echoOfEcho = await CreateClaimAsync(client, await CreateSourceAsync(client, "Echo of echo"), echo, "moscow-2024", "russia");
        var independentA = await CreateClaimAsync(client, await CreateSourceAsync(client, "Independent A"), null, "moscow-2024");
        var independentB = await CreateClaimAsync(client, await CreateSourceAsync(client, "Independent B"), null, "moscow-2024");
        // "russia" is broader (more claims), so the origin's story is "moscow-2024".
        var elsewhere = await CreateSourceAsync(client, "Elsewhere");
        for (var i = 0; i < 4; i++) await CreateClaimAsync(client, elsewhere, null, "russia");

        var echoes = await EchoesAsync(client, echoOfEcho);

        var story = echoes.Story!;
        Assert.Equal("moscow-2024", story.Tag);
        Assert.Equal(5, story.Claims);
        Assert.Equal(5, story.Sources);
        Assert.Equal(3, story.IndependentOrigins);
        Assert.Equal([origin, independentA, independentB], story.Origins);

        var russia = (await EchoesAsync(client, echoOfEcho, "?tag=Russia")).Story!;
        Assert.Equal("russia", russia.Tag);
        Assert.Equal(6, russia.Claims);
        Assert.Equal(3, russia.Sources);
        Assert.Equal(5, russia.IndependentOrigins);
    }

    [Fact]
    public async Task Story_ties_between_equally_specific_tags_break_alphabetically()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var claim = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), null, "zeta", "alpha");

        var story = (await EchoesAsync(client, claim)).Story!;

        Assert.Equal("alpha", story.Tag);
        Assert.Equal([claim], story.Origins);
    }

    [Fact]
    public async Task A_story_root_without_the_tag_still_counts_as_an_origin()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var root = await CreateClaimAsync(client, await CreateSourceAsync(client, "Untagged root"));
        var tagged = await CreateClaimAsync(client, await CreateSourceAsync(client, "Tagged echo"), root, "kabul-airport");
        var deeper = await CreateClaimAsync(client, await CreateSourceAsync(client, "Deeper echo"), tagged, "kabul-airport");
        var independent = await CreateClaimAsync(client, await CreateSourceAsync(client, "Independent"), null, "kabul-airport");

        // The origin has no tags: no story unless one is asked for.
        Assert.Null((await EchoesAsync(client, deeper)).Story);
        var story = (await EchoesAsync(client, deeper, "?tag=kabul-airport")).Story!;

        Assert.Equal(3, story.Claims);
        Assert.Equal(3, story.Sources);
        Assert.Equal(2, story.IndependentOrigins);
        Assert.Equal([root, independent], story.Origins);
    }

    [Fact]
    public async Task Unknown_tag_answers_400_naming_tag()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Moderator);
        var claim = await CreateClaimAsync(client, await CreateSourceAsync(client, "Origin"), null, "known");

        await (await client.GetAsync($"/api/claims/{claim}/echoes?tag=unknown")).AssertFieldErrorAsync("tag");
        await (await client.GetAsync($"/api/claims/{claim}/echoes?tag={new string('x', 51)}")).AssertFieldErrorAsync("tag");
    }

    [Fact]
    public async Task Unknown_claim_answers_404_problem()
    {
        await using var app = new TestApp();
        var client = app.CreateClient();

        var response = await client.GetAsync("/api/claims/424242/echoes");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_demo_claim_answers_with_a_consistent_chain_and_tree()
    {
        await using var app = new TestApp(seedDemoData: true);
        var client = app.CreateClient();
        var ids = app.WithDb(db => db.Claims.OrderBy(c => c.Id).Select(c => c.Id).ToList());
        Assert.NotEmpty(ids);

        foreach (var id in ids)
        {
            var echoes = await EchoesAsync(client, id);
            Assert.Equal(id, echoes.Chain[0].Id);
            Assert.Equal(echoes.Origin.Id, echoes.Chain[^1].Id);
            Assert.Null(echoes.Origin.RepeatsClaimId);
            Assert.DoesNotContain(echoes.Echoes, e => e.Claim.Id == echoes.Origin.Id);
            if (id != echoes.Origin.Id) Assert.Contains(echoes.Echoes, e => e.Claim.Id == id);
            if (echoes.Story is { } story) Assert.InRange(story.IndependentOrigins, 1, story.Claims);
        }
    }
}
