using System.Net;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Sources;

public sealed class SourcesApiTests
{
    [Fact]
    public async Task Member_creates_a_source_that_starts_unjudged_at_one_half()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);

        var response = await client.PostJsonAsync("/api/sources", new { name = "Example Wire", kind = "outlet", aliases = new[] { "EW", "ew" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var source = await response.ReadAsync<SourceDto>();
        Assert.Equal($"/api/sources/{source.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["EW"], source.Aliases);
        Assert.Equal(0.5, source.Score!.Reliability, 10);
        Assert.Equal("F", source.Score.Grade);
        var fetched = await (await app.CreateClient().GetAsync($"/api/sources/{source.Id}")).ReadAsync<SourceDto>();
        Assert.Equal("Example Wire", fetched.Name);
    }

    [Fact]
    public async Task Search_matches_names_and_aliases_case_insensitively()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);
        await client.PostJsonAsync("/api/sources", new { name = "U.S. Central Command", kind = "government", aliases = new[] { "CENTCOM" } });
        await client.PostJsonAsync("/api/sources", new { name = "Amaq News Agency", kind = "channel" });

        var byAlias = await (await client.GetAsync("/api/sources?search=centcom")).ReadAsync<List<SourceDto>>();
        var byName = await (await client.GetAsync("/api/sources?search=AMAQ")).ReadAsync<List<SourceDto>>();
        var byKind = await (await client.GetAsync("/api/sources?kind=channel")).ReadAsync<List<SourceDto>>();

        Assert.Equal("U.S. Central Command", Assert.Single(byAlias).Name);
        Assert.Equal("Amaq News Agency", Assert.Single(byName).Name);
        Assert.Equal("Amaq News Agency", Assert.Single(byKind).Name);
    }

    [Fact]
    public async Task Duplicate_name_answers_409_and_stores_nothing()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);
        await client.PostJsonAsync("/api/sources", new { name = "Same", kind = "outlet" });

        var response = await client.PostJsonAsync("/api/sources", new { name = "same", kind = "channel" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, app.WithDb(db => db.Sources.Count()));
    }

    [Fact]
    public async Task Unknown_source_is_404_problem()
    {
        await using var app = new TestApp();
        var client = app.CreateClient();
        foreach (var url in new[] { "/api/sources/999", "/api/sources/-1", "/api/sources/999/claims", "/api/sources/999/history" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
