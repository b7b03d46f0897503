using System.Net;
using System.Text.Json;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Http;

public sealed class HostTests
{
    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/sources", "/api/sources/{id}", "/api/sources/{id}/claims", "/api/sources/{id}/history",
                     "/api/claims", "/api/claims/{id}", "/api/claims/{id}/verdicts", "/api/jobs", "/api/audit" })
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
    }

    [Fact]
    public async Task Root_and_source_pages_serve_the_built_board_with_cacheable_assets()
    {
        await using var app = new TestApp();
        var client = app.CreateClient();

        foreach (var path in new[] { "/", "/sources/3" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"connection\"", html, StringComparison.Ordinal);
            var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"");
            Assert.True(script.Success, "the built board references its hashed script under /assets/");

            var asset = await client.GetAsync(script.Groups[1].Value);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("immutable", asset.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Jobs_status_reports_queue_and_the_runs_that_drained_it()
    {
        await using var app = new TestApp(seedDemoData: true);
        var client = await app.ClientAsAsync(Reliability.Server.Data.Role.Moderator);
        var claimId = app.WithDb(db => db.Claims.OrderBy(c => c.Id).First().Id);
        var verdict = await client.PostJsonAsync($"/api/claims/{claimId}/verdicts", new { outcome = "unverifiable", note = "checking the jobs view" });
        Assert.Equal(HttpStatusCode.Created, verdict.StatusCode);
        await app.WaitForRecomputeAsync();

        // The run is recorded just after its requests are settled: wait for it rather than race it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonDocument doc;
        while (!(doc = JsonDocument.Parse(await client.GetStringAsync("/api/jobs"))).RootElement.GetProperty("lastRuns").EnumerateArray()
                   .Any(r => r.GetProperty("job").GetString() == "recompute"))
        {
            doc.Dispose();
            Assert.True(DateTime.UtcNow < deadline, "no recompute run was recorded");
            await Task.Delay(20);
        }
        using var _ = doc;

        Assert.Equal(0, doc.RootElement.GetProperty("queueDepth").GetInt32());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("oldestPendingSeconds").ValueKind);
        var run = doc.RootElement.GetProperty("lastRuns").EnumerateArray().First(r => r.GetProperty("job").GetString() == "recompute");
        Assert.True(run.GetProperty("requests").GetInt32() >= 1);
        Assert.True(run.GetProperty("durationMs").GetDouble() > 0);
        Assert.Empty(doc.RootElement.GetProperty("failures").EnumerateArray());
    }
}
