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
    public async Task Search_answers_each_source_as_a_read_by_id_does_and_filters_by_kind_on_both_paths()
    {
        // On SQLite a search reads its rows with its own SQL: the DTO (score, aliases, dates, nulls) must be the one
        // GET /api/sources/{id} gives, whether the term goes through the index ("cent") or scans ("ce").
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);
        var command = await (await client.PostJsonAsync("/api/sources", new { name = "U.S. Central Command", kind = "government", aliases = new[] { "CENTCOM" }, url = "https://www.centcom.mil", description = "Combatant command" })).ReadAsync<SourceDto>();
        var outlet = await (await client.PostJsonAsync("/api/sources", new { name = "Central Outlet", kind = "outlet" })).ReadAsync<SourceDto>();

        foreach (var term in new[] { "cent", "ce" })
        {
            var all = await client.GetStringAsync($"/api/sources?search={term}");
            var expected = "[" + await client.GetStringAsync($"/api/sources/{outlet.Id}") + "," + await client.GetStringAsync($"/api/sources/{command.Id}") + "]";
            Assert.Equal(expected, all);
            var government = await client.GetAsync($"/api/sources?search={term}&kind=government");
            Assert.Equal("1", Assert.Single(government.Headers.GetValues("X-Total-Count")));
            Assert.Equal(command.Id, Assert.Single(await government.ReadAsync<List<SourceDto>>()).Id);
        }
    }

    [Fact]
    public async Task Search_answers_exactly_what_a_substring_scan_of_names_and_aliases_finds_and_follows_renames()
    {
        // Terms of three characters or more go through SQLite's trigram index, shorter ones scan: both must agree with
        // the plain rule (the folded term is a substring of the name or an alias), whatever the term holds.
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);
        var sources = new (string Name, string[] Aliases)[]
        {
            ("Amaq News Agency", ["Amaq"]), ("Al-Naba weekly", []), ("U.S. Central Command", ["CENTCOM"]), ("Quote \"Wire\"", []),
            ("Zürich Zeitung", ["NZZ"]), ("100% Facts", []), ("under_score news", []), ("Agence France-Presse", ["AFP"]),
            ("Emoji \U0001F600\U0001F600 Wire", []),
        };
        var ids = new Dictionary<string, int>();
        foreach (var (name, aliases) in sources)
            ids[name] = (await (await client.PostJsonAsync("/api/sources", new { name, kind = "outlet", aliases })).ReadAsync<SourceDto>()).Id;

        async Task<List<string>> SearchAsync(string term)
        {
            var response = await client.GetAsync($"/api/sources?search={Uri.EscapeDataString(term)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var names = (await response.ReadAsync<List<SourceDto>>()).Select(s => s.Name).ToList();
            Assert.Equal(names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-Total-Count")));
            return names;
        }

        foreach (var term in new[] { "a", "am", "AMA", "news", "cent", "\"wire\"", "ürich", "100%", "_score", "e f", "agence france", "s.", "nothing like it",
                     // long terms whose trigrams all stand in a source, though not in this order; a character outside the BMP
                     "news agency amaq", "agency news amaq", "amaq agency news", "\U0001F600 w", "i \U0001F600", "emoji \U0001F600\U0001F600 wire", "\U0001F600\U0001F600", "i \U0001F600\U0001F600" })
        {
            var folded = SourceSearch.Fold(term);
            var expected = app.WithDb(db => db.Sources.Select(s => new { s.Name, s.SearchText }).ToList())
                .Where(s => s.SearchText.Contains(folded, StringComparison.Ordinal)).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, await SearchAsync(term));
        }
        Assert.Equal(["Amaq News Agency", "under_score news"], await SearchAsync("news"));

        var renamed = await client.PutAsync($"/api/sources/{ids["Amaq News Agency"]}",
            System.Net.Http.Json.JsonContent.Create(new { name = "Amaq Agency", kind = "channel", aliases = new[] { "A'maq" } }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(["under_score news"], await SearchAsync("news"));
        Assert.Equal(["Amaq Agency"], await SearchAsync("a'maq"));
        Assert.Equal(["Agence France-Presse", "Amaq Agency"], await SearchAsync("agen"));
    }

    [Fact]
    public async Task Search_with_more_matches_than_the_index_lists_counts_and_pages_them_all()
    {
        await using var app = new TestApp();
        var client = await app.ClientAsAsync(Role.Member);
        var count = SourceSearch.MaxIndexedMatches + 20;
        for (var i = 0; i < count; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/sources", new { name = $"Bulk wire {i:D4}", kind = "outlet" })).StatusCode);

        var response = await client.GetAsync("/api/sources?search=bulk&limit=10&offset=505");
        var page = await response.ReadAsync<List<SourceDto>>();

        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Equal(Enumerable.Range(505, 10).Select(i => $"Bulk wire {i:D4}"), page.Select(s => s.Name));
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
