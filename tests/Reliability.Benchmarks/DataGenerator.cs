using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reliability.Server.Data;

/// <summary>What one generated database holds, and where its admin token is.</summary>
internal sealed record GeneratedData(string File, string Token, int Sources, int Claims, int Verdicts, int Echoes, double GenerateSeconds, double RecomputeSeconds, bool FromCache);

/// <summary>
/// A deterministic synthetic database: <c>sources</c> sources and <c>claims</c> claims with a Zipf-like skew (a source's
/// share of claims falls as 1/rank, so the top 1% of sources hold about half the claims), verdicts on about 45% of them
/// (some superseded by a later one), stated confidences on 40%, echoes of earlier claims on 3%. The schema is the
/// server's own (its <c>db migrate</c> verb); rows go in with prepared INSERTs in one transaction; then the server's
/// <c>jobs recompute-all</c> scores every source. The result is cached by (seed, sizes, latest migration, generator
/// version) under the temp folder, and each run works on a copy.
/// </summary>
internal static class DataGenerator
{
    private const int Version = 2;
    /// <summary>Claims are dated up to this day, so the data does not depend on when it was generated.</summary>
    private static readonly DateOnly LastDay = new(2026, 10, 31);
    private static readonly string[] Syllables =
        ["al", "bar", "cen", "dor", "el", "fa", "gor", "hal", "is", "jan", "kor", "lem", "mar", "nor", "os", "pra", "quin", "ros",
         "sal", "tor", "ul", "var", "wen", "xen", "yor", "zan", "bel", "cas", "del", "fen"];
    private static readonly string[] Suffixes = ["Wire", "Herald", "Ministry", "Channel", "Monitor", "Agency", "Post", "Watch", "Gazette", "Office"];
    private static readonly SourceKind[] Kinds = Enum.GetValues<SourceKind>();
    private static readonly string[] Tags = ["attack", "attribution", "casualties", "arrest", "statement", "video", "claim", "strike"];

    public static string LatestMigration() =>
        typeof(SqliteReliabilityDb).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<MigrationAttribute>())
            .Where(a => a is not null && a.Id.Length > 0)
            .Select(a => a!.Id).Max(StringComparer.Ordinal) ?? "none";

    /// <summary>The source names <see cref="GenerateAsync"/> gives, by id (1-based), for search terms.</summary>
    public static string SourceName(int id, int seed)
    {
        // Not HashCode.Combine: it is randomised per process, and names must be the same in every process.
        var random = new Random(unchecked((seed * 1_000_003) + id));
        string Word() => string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));
        var first = Word();
        return $"{char.ToUpperInvariant(first[0])}{first[1..]} {Suffixes[random.Next(Suffixes.Length)]} {id}";
    }

    public static async Task<GeneratedData> EnsureAsync(int seed, int sources, int claims)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"s{seed}-src{sources}-cl{claims}-{LatestMigration()}-g{Version}");
        var cache = Path.Combine(Path.GetTempPath(), "reliability-bench-cache", key);
        var manifest = Path.Combine(cache, "manifest.txt");
        if (File.Exists(manifest))
        {
            var lines = await File.ReadAllLinesAsync(manifest);
            return new GeneratedData(Path.Combine(cache, "reliability.db"), lines[0], sources, claims, int.Parse(lines[1], CultureInfo.InvariantCulture),
                int.Parse(lines[2], CultureInfo.InvariantCulture), double.Parse(lines[3], CultureInfo.InvariantCulture), double.Parse(lines[4], CultureInfo.InvariantCulture), true);
        }

        var work = cache + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        Console.Error.WriteLine($"generating {key} …");
        await ServerProcess.RunAsync(work, "db", "migrate");
        var file = Path.Combine(work, "reliability.db");
        var clock = Stopwatch.StartNew();
        var (verdicts, echoes) = Fill(file, seed, sources, claims);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        var token = (await ServerProcess.RunAsync(work, "users", "add", "bench", "--role", "admin")).Trim().Split('\n')[^1].Trim();
        clock.Restart();
        Console.Error.WriteLine(await ServerProcess.RunAsync(work, "jobs", "recompute-all"));
        var recomputeSeconds = clock.Elapsed.TotalSeconds;
        Checkpoint(file);
        Console.Error.WriteLine($"generated in {generateSeconds:F1} s, scored by `jobs recompute-all` in {recomputeSeconds:F1} s");

        await File.WriteAllLinesAsync(Path.Combine(work, "manifest.txt"),
            [token, verdicts.ToString(CultureInfo.InvariantCulture), echoes.ToString(CultureInfo.InvariantCulture),
             generateSeconds.ToString("F2", CultureInfo.InvariantCulture), recomputeSeconds.ToString("F2", CultureInfo.InvariantCulture)]);
        foreach (var extra in Directory.GetFiles(work).Where(f => !f.EndsWith("reliability.db", StringComparison.Ordinal) && !f.EndsWith("manifest.txt", StringComparison.Ordinal)))
            File.Delete(extra);
        if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        Directory.Move(work, cache);
        return new GeneratedData(Path.Combine(cache, "reliability.db"), token, sources, claims, verdicts, echoes, generateSeconds, recomputeSeconds, false);
    }

    /// <summary>A fresh data folder holding a copy of the generated database, for one server run.</summary>
    public static string CopyToNewDataDirectory(GeneratedData data)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliability-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        File.Copy(data.File, Path.Combine(dataDirectory, "reliability.db"));
        return dataDirectory;
    }

    private static void Checkpoint(string file)
    {
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
    }

    private static (int Verdicts, int Echoes) Fill(string file, int seed, int sourceCount, int claimCount)
    {
        var random = new Random(seed);
        var toBinary = new DateTimeOffsetToBinaryConverter();
        long Stamp(DateTimeOffset t) => (long)toBinary.ConvertToProvider(t)!;
        var created = Stamp(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;");
        using var transaction = connection.BeginTransaction();

        // Sources. Popularity ranks are a random permutation of ids, so the busiest sources are spread over the id range.
        var rankOf = Enumerable.Range(1, sourceCount).OrderBy(_ => random.Next()).ToArray(); // rankOf[id-1] = 1-based rank
        var honesty = new double[sourceCount + 1];
        using (var insert = Command(connection, transaction,
            "INSERT INTO Sources (Id, Name, Kind, Aliases, Url, Description, SearchText, CreatedAt) VALUES ($id, $name, $kind, $aliases, $url, NULL, $search, $created)",
            "$id", "$name", "$kind", "$aliases", "$url", "$search", "$created"))
        {
            for (var id = 1; id <= sourceCount; id++)
            {
                var name = SourceName(id, seed);
                var aliases = random.NextDouble() < 0.5 ? new List<string>() : [$"{name.Split(' ')[0]} {Suffixes[random.Next(Suffixes.Length)][..3].ToUpperInvariant()}"];
                honesty[id] = random.NextDouble() switch { < 0.2 => 0.2 + random.NextDouble() * 0.3, < 0.7 => 0.55 + random.NextDouble() * 0.3, _ => 0.85 + random.NextDouble() * 0.14 };
                Run(insert, id, name, Kinds[random.Next(Kinds.Length)].ToString(), JsonList(aliases), $"https://example.org/sources/{id}",
                    Reliability.Server.Sources.SourceSearch.Build(name, aliases), created);
            }
        }

        // Zipf-like: the source of rank r gets a share proportional to 1/r.
        var cumulative = new double[sourceCount];
        var byRank = new int[sourceCount];
        for (var id = 1; id <= sourceCount; id++) byRank[rankOf[id - 1] - 1] = id;
        double sum = 0;
        for (var r = 0; r < sourceCount; r++) cumulative[r] = sum += 1.0 / (r + 1);

        var outcomes = new[] { "Confirmed", "Refuted", "PartlyTrue", "Unverifiable", "Retracted" };
        var verdicts = 0;
        var echoes = 0;
        var claimSource = new int[claimCount + 1];
        var firstDay = LastDay.AddDays(-3650);
        using var claimInsert = Command(connection, transaction,
            "INSERT INTO Claims (Id, SourceId, Text, MadeAt, Url, Citation, StatedConfidence, ConfidencePhrase, RepeatsClaimId, Tags, CreatedAt, VerdictVersion) " +
            "VALUES ($id, $source, $text, $made, $url, NULL, $conf, NULL, $repeats, $tags, $created, $vv)",
            "$id", "$source", "$text", "$made", "$url", "$conf", "$repeats", "$tags", "$created", "$vv");
        using var verdictInsert = Command(connection, transaction,
            "INSERT INTO Verdicts (ClaimId, Outcome, EvidenceUrls, Note, RecordedBy, RecordedAt) VALUES ($claim, $outcome, $evidence, $note, 'generator', $at)",
            "$claim", "$outcome", "$evidence", "$note", "$at");
        for (var id = 1; id <= claimCount; id++)
        {
            var pick = random.NextDouble() * sum;
            var rank = Array.BinarySearch(cumulative, pick);
            var sourceId = byRank[Math.Min(sourceCount - 1, rank < 0 ? ~rank : rank)];
            claimSource[id] = sourceId;
            // Claims come in date order, so an echo (always of an earlier id) is never earlier than its origin.
            var made = firstDay.AddDays((int)((long)3650 * id / claimCount));
            int? repeats = id > 100 && random.NextDouble() < 0.03 ? id - 1 - random.Next(Math.Min(id - 1, 5000)) : null;
            if (repeats is not null) echoes++;
            double? confidence = random.NextDouble() < 0.4 ? Math.Round(0.05 + random.NextDouble() * 0.9, 2) : null;
            var verdictCount = repeats is null ? (random.NextDouble() < 0.45 ? (random.NextDouble() < 0.1 ? 2 : 1) : 0) : (random.NextDouble() < 0.1 ? 1 : 0);
            Run(claimInsert, id, sourceId, $"Synthetic claim {id} by source {sourceId}: {Tags[random.Next(Tags.Length)]} reported in region {random.Next(500)}",
                made.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), random.NextDouble() < 0.7 ? $"https://example.org/claims/{id}" : null,
                confidence, repeats, JsonList([Tags[random.Next(Tags.Length)]]), created, verdictCount);
            for (var v = 0; v < verdictCount; v++)
            {
                var roll = random.NextDouble();
                var outcome = roll < honesty[sourceId] * 0.85 ? outcomes[0]
                    : roll < 0.85 ? outcomes[1]
                    : outcomes[2 + random.Next(3)];
                var at = Stamp(new DateTimeOffset(made.AddDays(30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
                Run(verdictInsert, id, outcome, random.NextDouble() < 0.5 ? $"[\"https://example.org/evidence/{id}\"]" : "[]", "generated verdict", at);
                verdicts++;
            }
        }
        transaction.Commit();
        Exec(connection, "PRAGMA journal_mode=WAL;");
        return (verdicts, echoes);
    }

    private static string JsonList(IEnumerable<string> items) =>
        "[" + string.Join(',', items.Select(i => System.Text.Json.JsonSerializer.Serialize(i))) + "]";

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter(p, null));
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
