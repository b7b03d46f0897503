using System.Net;
using Reliability.Server.Board;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Claims;

public sealed class VerdictsApiTests
{
    [Fact]
    public async Task Verdicts_by_id_come_with_their_claim_source_and_status_whichever_source_they_moved()
    {
        await using var app = new TestApp();
        var moderator = await app.ClientAsAsync(Role.Moderator);
        var source = await (await moderator.PostJsonAsync("/api/sources", new { name = "Origin wire", kind = "outlet" })).ReadAsync<SourceDto>();
        var claim = await (await moderator.PostJsonAsync("/api/claims", new { sourceId = source.Id, text = "An airport was closed.", madeAt = "2026-02-01" })).ReadAsync<ClaimDto>();
        var first = await (await moderator.PostJsonAsync($"/api/claims/{claim.Id}/verdicts", new { outcome = "confirmed", note = "Seen on flight boards." })).ReadAsync<VerdictRecorded>();
        var second = await (await moderator.PostJsonAsync($"/api/claims/{claim.Id}/verdicts", new { outcome = "retracted", note = "The wire withdrew it." })).ReadAsync<VerdictRecorded>();

        var items = await (await moderator.GetAsync($"/api/verdicts?ids={second.Verdict.Id},{first.Verdict.Id},999")).ReadAsync<List<VerdictFeedItem>>();
        Assert.Equal([first.Verdict.Id, second.Verdict.Id], items.Select(i => i.Verdict.Id));
        Assert.All(items, i => Assert.Equal("Origin wire", i.SourceName));
        Assert.All(items, i => Assert.Equal(ClaimStatus.Retracted, i.Status));
        Assert.Equal("An airport was closed.", items[0].ClaimText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,x")]
    [InlineData("-3")]
    public async Task Bad_ids_are_a_400_naming_ids(string ids)
    {
        await using var app = new TestApp();
        using var response = await app.CreateClient().GetAsync($"/api/verdicts?ids={ids}");
        await response.AssertFieldErrorAsync("ids");
    }

    [Fact]
    public async Task More_than_a_hundred_ids_are_refused()
    {
        await using var app = new TestApp();
        using var response = await app.CreateClient().GetAsync($"/api/verdicts?ids={string.Join(',', Enumerable.Range(1, 101))}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.AssertFieldErrorAsync("ids");
    }
}
