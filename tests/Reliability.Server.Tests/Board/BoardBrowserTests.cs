using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Scoring;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reliability.Server.Tests.Board;

/// <summary>The board in headless Chromium against the real server on Kestrel, with the demo data.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BoardBrowserTests(BrowserFixture browser)
{
    private const string Password = "correct-horse-battery-9";

    private static string Figure(double reliability) => reliability.ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<(TestApp App, Uri Server)> StartAsync()
    {
        var app = new TestApp(seedDemoData: true);
        return (app, app.StartKestrel());
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<T>();
    }

    /// <summary>An open claim whose source has other claims too, so the board has something to move.</summary>
    private static async Task<ClaimDto> OpenClaimAsync(HttpClient client)
    {
        var open = await GetAsync<List<ClaimDto>>(client, "/api/claims?status=open&limit=200");
        return open.OrderBy(c => c.Id).First(c => c.RepeatsClaimId is null);
    }

    private static async Task SignInAsync(IPage page, string name)
    {
        await page.ClickAsync("[data-action='sign-in']");
        var form = page.Locator("form[data-testid='sign-in']");
        await form.Locator("input[name='userName']").FillAsync(name);
        await form.Locator("input[name='password']").FillAsync(Password);
        await form.Locator("input[name='password']").PressAsync("Enter");
        await Expect(page.Locator("[data-testid='signed-in-user']")).ToContainTextAsync(name);
    }

    private static async Task CreateUserAsync(TestApp app, string name, Role role)
    {
        var (code, _, error) = await app.CliAsync($"users add {name} --role {role.ToString().ToLowerInvariant()} --password-stdin", Password + "\n");
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Board_loads_the_demo_data_with_every_source_and_its_reliability()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        var sources = await GetAsync<List<SourceDto>>(app.CreateClient(), "/api/sources");
        var page = await browser.NewPageAsync(server);

        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-source-id]")).ToHaveCountAsync(sources.Count);
        await Expect(page.Locator("[data-testid='connection']")).ToHaveAttributeAsync("data-state", "live");
        foreach (var source in sources)
        {
            var row = page.Locator($"tr[data-source-id='{source.Id}']");
            await Expect(row.Locator("[data-field='reliability']")).ToHaveTextAsync(Figure(source.Score!.Reliability));
            await Expect(row.Locator("[data-field='grade']")).ToContainTextAsync(source.Score.Grade);
        }
        await Expect(page.Locator("[data-testid='verdict-feed'] li")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Artifacts.File("board.png"), FullPage = false });
    }

    [Fact]
    public async Task Verdict_recorded_through_the_API_changes_its_row_without_a_reload()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        var moderator = await app.ClientAsAsync(Role.Moderator);
        var claim = await OpenClaimAsync(moderator);
        var before = await GetAsync<SourceDto>(moderator, $"/api/sources/{claim.SourceId}");
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync("/");
        var row = page.Locator($"tr[data-source-id='{claim.SourceId}']");
        await Expect(row.Locator("[data-field='open']")).ToHaveTextAsync(before.Score!.Open.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-testid='connection']")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var others = await page.Locator("tr[data-source-id]").EvaluateAllAsync<string[]>(
            $"rows => rows.filter(r => r.dataset.sourceId !== '{claim.SourceId}').map(r => r.dataset.sourceId + '=' + r.querySelector('[data-field=reliability]').textContent)");

        using (var response = await moderator.PostJsonAsync($"/api/claims/{claim.Id}/verdicts", new { outcome = "refuted", evidenceUrl = "https://example.org/refutation" }))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await app.WaitForRecomputeAsync();
        var after = await GetAsync<SourceDto>(moderator, $"/api/sources/{claim.SourceId}");
        Assert.Equal(before.Score.Refuted + 1, after.Score!.Refuted);

        await Expect(row.Locator("[data-field='refuted']")).ToHaveTextAsync(after.Score.Refuted.ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-field='open']")).ToHaveTextAsync(after.Score.Open.ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-field='reliability']")).ToHaveTextAsync(Figure(after.Score.Reliability));
        await Expect(page.Locator("[data-testid='verdict-feed'] li").First).ToContainTextAsync(claim.SourceName);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded");
        // Only sources the verdict can move changed.
        var affected = claim.SourceId;
        var othersAfter = await page.Locator("tr[data-source-id]").EvaluateAllAsync<string[]>(
            $"rows => rows.filter(r => r.dataset.sourceId !== '{affected}').map(r => r.dataset.sourceId + '=' + r.querySelector('[data-field=reliability]').textContent)");
        Assert.Equal(others.Order(), othersAfter.Order());
    }

    [Fact]
    public async Task Source_page_draws_its_score_chart_with_a_marker_for_each_verdict_that_moved_it()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        var client = app.CreateClient();
        var sources = await GetAsync<List<SourceDto>>(client, "/api/sources");
        var histories = new Dictionary<int, List<ScoreHistoryEntry>>();
        foreach (var s in sources) histories[s.Id] = await GetAsync<List<ScoreHistoryEntry>>(client, $"/api/sources/{s.Id}/history");
        var (id, history) = histories.MaxBy(h => h.Value.Count(v => v.CauseVerdictIds.Count > 0));
        var page = await browser.NewPageAsync(server);

        await page.GotoAsync($"/sources/{id}");
        var chart = page.Locator("svg[data-testid='score-chart']");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("path").First).ToBeAttachedAsync();
        await Expect(chart.Locator("circle[data-verdict-ids]")).ToHaveCountAsync(history.Count(v => v.CauseVerdictIds.Count > 0));
        await Expect(page.Locator("[data-testid='calibration']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='why-list'] li").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-claim-id]")).ToHaveCountAsync((await GetAsync<List<ClaimDto>>(client, $"/api/sources/{id}/claims")).Count);
        await page.ScreenshotAsync(new() { Path = Artifacts.File("source-page.png"), FullPage = false });
    }

    [Fact]
    public async Task Moderator_records_a_verdict_through_the_claim_row_form()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        await CreateUserAsync(app, "mod-form", Role.Moderator);
        var claim = await OpenClaimAsync(app.CreateClient());
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync($"/sources/{claim.SourceId}");
        await SignInAsync(page, "mod-form");

        var row = page.Locator($"tr[data-claim-id='{claim.Id}']");
        await row.Locator("[data-action='record-verdict']").ClickAsync();
        var form = page.Locator("form[data-testid='verdict-form']");
        await form.Locator("select[name='outcome']").SelectOptionAsync("confirmed");
        await form.Locator("input[name='evidenceUrl']").FillAsync("https://example.org/confirmation");
        await form.Locator("textarea[name='note']").FillAsync("Confirmed by the ministry's own correction.");
        await form.Locator("button[type='submit']").ClickAsync();

        await Expect(form).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-field='status']")).ToContainTextAsync("confirmed", new() { IgnoreCase = true });
        var stored = await GetAsync<ClaimDto>(app.CreateClient(), $"/api/claims/{claim.Id}");
        var verdict = Assert.Single(stored.Verdicts!);
        Assert.Equal(VerdictOutcome.Confirmed, verdict.Outcome);
        Assert.Equal("mod-form", verdict.RecordedBy);
        Assert.Equal(["https://example.org/confirmation"], verdict.EvidenceUrls);
    }

    [Fact]
    public async Task Server_validation_error_appears_next_to_its_field_and_nothing_is_recorded()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        await CreateUserAsync(app, "mod-invalid", Role.Moderator);
        var claim = await OpenClaimAsync(app.CreateClient());
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync($"/sources/{claim.SourceId}");
        await SignInAsync(page, "mod-invalid");

        await page.Locator($"tr[data-claim-id='{claim.Id}'] [data-action='record-verdict']").ClickAsync();
        var form = page.Locator("form[data-testid='verdict-form']");
        await form.Locator("select[name='outcome']").SelectOptionAsync("refuted");
        await form.Locator("input[name='evidenceUrl']").FillAsync("not-a-url");
        await form.Locator("button[type='submit']").ClickAsync();

        // The message is the server's (the browser's own URL check is off), placed next to the field it names.
        await Expect(form.Locator("[data-error-for='evidenceUrl']")).ToContainTextAsync("must be an absolute http or https URL");
        await Expect(form.Locator("input[name='evidenceUrl']")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("input[name='evidenceUrl']")).ToHaveValueAsync("not-a-url");
        var stored = await GetAsync<ClaimDto>(app.CreateClient(), $"/api/claims/{claim.Id}");
        Assert.Empty(stored.Verdicts!);
    }

    [Fact]
    public async Task Board_fits_a_phone_width_without_scrolling_the_page_sideways()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        var page = await browser.NewPageAsync(server, width: 390, height: 844);
        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-source-id]").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px screen");
        await page.ScreenshotAsync(new() { Path = Artifacts.File("board-phone.png") });
    }
}
