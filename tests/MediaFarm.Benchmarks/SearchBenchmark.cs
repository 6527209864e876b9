using System.Diagnostics;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Catalog;
using MediaFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Catalog search latency over 10,000 published titles, SQLite (FTS5, temp file) and PostgreSQL
/// (tsvector + pg_trgm): 1,200 queries one after another, a quarter each exact words, typos, prefixes
/// as typed, and filters (genre, rating, parental maximum, with and without words). Titles and queries
/// come from fixed word lists and seeds, so both modes and every run see the same catalog.
/// </summary>
public static class SearchBenchmark
{
    private const int Titles = 10_000;
    private const int QueriesPerKind = 300;
    private const int Warmup = 100;

    private static readonly string[] Adjectives =
    [
        "silent", "crimson", "broken", "hidden", "golden", "frozen", "burning", "lost", "wild", "last", "eternal", "savage",
        "midnight", "electric", "hollow", "restless", "scarlet", "iron", "velvet", "distant", "forgotten", "shattered", "endless", "secret",
        "brave", "lonely", "wicked", "gentle", "ancient", "radiant", "stolen", "fearless", "quiet", "bitter", "northern", "invisible",
    ];

    private static readonly string[] Nouns =
    [
        "river", "empire", "garden", "kingdom", "horizon", "shadow", "harbor", "machine", "frontier", "storm", "mirror", "orchard",
        "voyage", "fortress", "lighthouse", "desert", "canyon", "galaxy", "station", "village", "symphony", "detective", "stranger", "island",
        "inheritance", "labyrinth", "circus", "monastery", "revolution", "archive", "signal", "planet", "prophecy", "heist", "wanderer", "witness",
    ];

    private static readonly string[] Places =
    [
        "paris", "tokyo", "berlin", "cairo", "lisbon", "havana", "oslo", "mumbai", "chicago", "naples", "montreal", "istanbul",
        "marrakesh", "vienna", "seoul", "dublin", "sydney", "lagos", "lima", "prague",
    ];

    private static readonly string[] Genres =
    [
        "drama", "comedy", "thriller", "documentary", "animation", "science fiction", "horror", "romance", "action", "family",
        "crime", "fantasy", "mystery", "western", "musical",
    ];

    private static readonly string[] Verbs = ["discovers", "escapes", "chases", "protects", "betrays", "remembers", "rebuilds", "defends", "searches", "confronts"];
    private static readonly string[] Syllables = ["ka", "lor", "mi", "ren", "ta", "vel", "os", "dra", "ny", "zo", "bel", "quin", "ar", "tes", "lu", "mon", "vi", "sa", "rik", "el"];

    /// <summary>Both modes, or only "sqlite" or "postgres".</summary>
    public static async Task<int> RunAsync(string? only = null)
    {
        var catalog = Catalog();
        var queries = Queries(catalog);
        Console.WriteLine($"catalog search, {Titles:N0} published titles, {queries.Count:N0} queries one at a time after {Warmup} warm-up ones (p50 / p99 ms)");
        Console.WriteLine("| mode | seed | all | exact words | typos | prefixes as typed | filters |");
        Console.WriteLine("|---|---|---|---|---|---|---|");

        if (only is null or "sqlite")
        {
            string folder = Directory.CreateTempSubdirectory("mediafarm-bench-search-").FullName;
            var sqlite = new SqliteMetadataDatabase(Path.Combine(folder, "mediafarm.db"));
            await RunModeAsync("SQLite (FTS5)", sqlite, new SqliteCatalogStore(sqlite), catalog, queries);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        if (only is null or "postgres")
        {
            var postgres = new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_bench_search")));
            await RunModeAsync("PostgreSQL (tsvector + pg_trgm)", postgres, new PostgresCatalogStore(postgres), catalog, queries);
        }
        return 0;
    }

    private static async Task RunModeAsync(string mode, IMetadataDatabase database, ICatalogStore store, IReadOnlyList<TitleFields> catalog,
        IReadOnlyList<(string Kind, TitleSearch Search)> queries)
    {
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, store, catalog);
        double seedSeconds = seeding.Elapsed.TotalSeconds;

        foreach (var (_, search) in queries.Take(Warmup))
            await store.SearchAsync(search, default);
        var latencies = new List<(string Kind, double Ms)>();
        long found = 0;
        foreach (var (kind, search) in queries)
        {
            var watch = Stopwatch.StartNew();
            var page = await store.SearchAsync(search, default);
            latencies.Add((kind, watch.Elapsed.TotalMilliseconds));
            found += page.Items.Count > 0 ? 1 : 0;
        }
        string Cell(IEnumerable<double> ms)
        {
            var sorted = ms.Order().ToArray();
            return $"{Percentile(sorted, 0.50):F2} / {Percentile(sorted, 0.99):F2}";
        }
        Console.WriteLine($"| {mode} | {seedSeconds:F1} s | {Cell(latencies.Select(l => l.Ms))} | " +
            string.Join(" | ", new[] { "exact", "typo", "prefix", "filter" }.Select(k => Cell(latencies.Where(l => l.Kind == k).Select(l => l.Ms)))) + " |");
        Console.WriteLine($"  ({found:N0} of {queries.Count:N0} queries found something)");
    }

    /// <summary>Created and published in transactions of 500, as the consumer would leave them.</summary>
    private static async Task SeedAsync(IMetadataDatabase database, ICatalogStore store, IReadOnlyList<TitleFields> catalog)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var owner = Guid.NewGuid();
        foreach (var batch in catalog.Select((fields, i) => (fields, i)).Chunk(500))
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var (fields, i) in batch)
            {
                var now = start.AddMinutes(i);
                var assetId = Guid.CreateVersion7(now);
                await store.CreateAsync(new NewTitle(Guid.CreateVersion7(now), assetId, owner, fields, now), connection, transaction, default);
                await store.MarkPublishedAsync(assetId, 600 + i % 6000, now, connection, transaction, default);
            }
            await transaction.CommitAsync();
        }
    }

    private static IReadOnlyList<TitleFields> Catalog()
    {
        var random = new Random(15);
        string Pick(string[] words) => words[random.Next(words.Length)];
        string Name() => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => Pick(Syllables)));
        string[] ratings = [.. ContentRatings.All];
        return Enumerable.Range(0, Titles).Select(i =>
        {
            string title = random.Next(4) switch
            {
                0 => $"The {Pick(Adjectives)} {Pick(Nouns)}",
                1 => $"{Pick(Nouns)} of {Pick(Places)}",
                2 => $"The {Pick(Nouns)} and the {Pick(Nouns)}",
                _ => $"{Pick(Adjectives)} {Pick(Nouns)} {random.Next(2, 5)}",
            };
            string hero = Name();
            string description = $"In {Pick(Places)}, {hero} {Pick(Verbs)} a {Pick(Adjectives)} {Pick(Nouns)} and {Pick(Verbs)} the {Pick(Nouns)} " +
                                 $"of {Name()}, before the {Pick(Adjectives)} {Pick(Nouns)} {Pick(Verbs)} everything.";
            var genres = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Genres)).Distinct().ToArray();
            return new TitleFields(Capitalize(title), description, genres, ratings[random.Next(ratings.Length)], 1950 + random.Next(76));
        }).ToArray();
    }

    private static IReadOnlyList<(string Kind, TitleSearch Search)> Queries(IReadOnlyList<TitleFields> catalog)
    {
        var random = new Random(42);
        string Word()
        {
            var words = SearchQuery.Parse(catalog[random.Next(catalog.Count)].Title).Terms.Where(w => w.Length >= 5).ToArray();
            return words.Length > 0 ? words[random.Next(words.Length)] : Nouns[random.Next(Nouns.Length)];
        }
        string Typo(string word)
        {
            int at = random.Next(1, word.Length - 1);
            return random.Next(3) switch
            {
                0 => word[..at] + word[at + 1] + word[at] + word[(at + 2)..], // swap neighbours
                1 => word[..at] + word[(at + 1)..],                           // drop one
                _ => word[..at] + (char)('a' + random.Next(26)) + word[(at + 1)..], // replace one
            };
        }
        var queries = new List<(string, TitleSearch)>();
        for (int i = 0; i < QueriesPerKind; i++)
        {
            queries.Add(("exact", new TitleSearch { Query = random.Next(2) == 0 ? Word() : $"{Word()} {Word()} " }));
            queries.Add(("typo", new TitleSearch { Query = Typo(Word()) + " " }));
            string prefix = Word();
            queries.Add(("prefix", new TitleSearch { Query = prefix[..random.Next(2, Math.Min(6, prefix.Length))] }));
            queries.Add(("filter", new TitleSearch
            {
                Query = random.Next(2) == 0 ? null : Word(),
                Genre = random.Next(2) == 0 ? Genres[random.Next(Genres.Length)] : null,
                Rating = random.Next(4) == 0 ? ContentRatings.All[random.Next(6)] : null,
                MaxContentRating = random.Next(2) == 0 ? ContentRatings.All[random.Next(5)] : null,
                Page = 1 + random.Next(3),
            }));
        }
        return queries.OrderBy(_ => random.Next()).ToArray();
    }

    private static string Capitalize(string title) =>
        string.Join(' ', title.Split(' ').Select(w => w.Length > 0 && char.IsLower(w[0]) && w is not ("of" or "and" or "the") ? char.ToUpperInvariant(w[0]) + w[1..] : w))
            is var t && t.Length > 0 ? char.ToUpperInvariant(t[0]) + t[1..] : t;

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
