using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Data;
using Reliability.Server.Sources;

internal static class EfProbe
{
    public static async Task RunAsync(string file)
    {
        var options = new DbContextOptionsBuilder<SqliteReliabilityDb>().UseSqlite($"Data Source={file};Default Timeout=30").Options;
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 1000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
            }
            var create = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            for (var i = 0; i < 1000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await db.Sources.AsNoTracking().Where(s => s.Id == 48).FirstOrDefaultAsync();
            }
            var one = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            for (var i = 0; i < 1000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await SourcesApi.Get(48, db, CancellationToken.None);
            }
            var get = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await using (var db = new SqliteReliabilityDb(options))
            {
                for (var i = 0; i < 1000; i++) await db.Sources.AsNoTracking().Where(s => s.Id == 48).FirstOrDefaultAsync();
            }
            var reuse = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await using (var db = new SqliteReliabilityDb(options))
            {
                await db.Database.OpenConnectionAsync();
                var ids = new List<int> { 48 };
                for (var i = 0; i < 1000; i++) await db.ScoreVersions.AsNoTracking().Where(v => v.Version == db.ScoreVersions.Where(x => x.SourceId == v.SourceId).Max(x => x.Version)).Where(v => ids.Contains(v.SourceId)).ToDictionaryAsync(v => v.SourceId);
            }
            var latest = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await using (var db = new SqliteReliabilityDb(options))
            {
                await db.Database.OpenConnectionAsync();
                for (var i = 0; i < 1000; i++) await db.ScoreVersions.AsNoTracking().Where(v => v.Version == db.ScoreVersions.Where(x => x.SourceId == v.SourceId).Max(x => x.Version)).Where(v => v.SourceId == 48).ToListAsync();
            }
            var latestEq = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            for (var i = 0; i < 1000; i++)
            {
                await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Default Timeout=30");
                await c.OpenAsync();
            }
            var rawOpen = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            for (var i = 0; i < 1000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await db.Database.OpenConnectionAsync();
            }
            var efOpen = sw.Elapsed.TotalMilliseconds;
            // A search as GET /api/sources?search= makes it (a whole source name: the benchmark's term), and its parts.
            var term = (await new SqliteReliabilityDb(options).Sources.AsNoTracking().Where(s => s.Id == 48).Select(s => s.Name).FirstAsync());
            sw.Restart();
            for (var i = 0; i < 1000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await SourcesApi.List(db, new Microsoft.AspNetCore.Http.DefaultHttpContext().Response, term, null, 100, null, CancellationToken.None);
            }
            var search = sw.Elapsed.TotalMilliseconds;
            // The same over many terms and ids (as the HTTP benchmark asks), and the bearer-token lookup every API request makes.
            var names = new List<string>();
            await using (var db0 = new SqliteReliabilityDb(options)) names = await db0.Sources.AsNoTracking().Where(s => s.Id % 50 == 0).Select(s => s.Name).ToListAsync();
            sw.Restart();
            for (var i = 0; i < 2000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await SourcesApi.List(db, new Microsoft.AspNetCore.Http.DefaultHttpContext().Response, names[i % names.Count], null, 100, null, CancellationToken.None);
            }
            var many = sw.Elapsed.TotalMilliseconds / 2;
            sw.Restart();
            for (var i = 0; i < 2000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await SourcesApi.Get(1 + (i * 50) % 10000, db, CancellationToken.None);
            }
            var gets = sw.Elapsed.TotalMilliseconds / 2;
            sw.Restart();
            for (var i = 0; i < 2000; i++)
            {
                await using var db = new SqliteReliabilityDb(options);
                await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == "x" && t.RevokedAt == null);
            }
            var auth = sw.Elapsed.TotalMilliseconds / 2;
            Console.WriteLine($"per call µs: SourcesApi.List over 200 names {many:F0}, SourcesApi.Get over 200 ids {gets:F0}, token lookup {auth:F0}");
            Console.WriteLine($"search µs: SourcesApi.List {search:F0}");
            Console.WriteLine($"raw open {rawOpen:F0}, EF open {efOpen:F0}");
            Console.WriteLine($"latest (Contains) {latest:F0}, latest (==) {latestEq:F0}");
            Console.WriteLine($"per call µs: create {create:F0}, create+1 query {one:F0}, SourcesApi.Get {get:F0}, 1 query on one context {reuse:F0}");
        }
    }
}
