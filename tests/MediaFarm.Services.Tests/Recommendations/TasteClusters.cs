using MediaFarm.Services.Recommendations;

namespace MediaFarm.Services.Tests.Recommendations;

/// <summary>
/// A generated world with planted tastes, deterministic for a seed: titles in genres with a Zipf popularity
/// skew (so that "most popular" is a real baseline), taste clusters that each prefer a couple of genres and a
/// set of titles within them, and users of a cluster whose histories draw mostly from its set, partly from
/// the popular head (noise). Each user's last <see cref="HeldOut"/> watches are held out; the evaluation
/// trains on the rest and scores recall@10 and NDCG@10 for the recommender and the most-popular baseline,
/// both excluding what the user already watched. Linked into the benchmarks ("recommendations").
/// </summary>
public sealed class TasteClusters
{
    public const int HeldOut = 5;
    public const int K = 10;

    public static readonly string[] GenreNames =
        ["action", "animation", "comedy", "crime", "documentary", "drama", "fantasy", "horror", "romance", "sci-fi", "thriller", "western"];

    private static readonly string[] Ratings = ["G", "PG", "PG-13", "R"];

    public required IReadOnlyList<(Guid Id, string Name, string[] Genres, string Rating, double Popularity)> Titles { get; init; }

    /// <summary>Per user: the cluster and the watches, oldest first (title, strength, completed).</summary>
    public required IReadOnlyList<(int Cluster, IReadOnlyList<UserSignal> Watches)> Users { get; init; }

    public required IReadOnlyList<string[]> ClusterGenres { get; init; }

    public static TasteClusters Generate(int seed = 19, int titles = 600, int users = 2400, int clusters = 20, int clusterTitles = 30, double noise = 0.3)
    {
        var rng = new Random(seed);
        var ranks = Enumerable.Range(1, titles).OrderBy(_ => rng.Next()).ToArray();
        var catalogue = Enumerable.Range(0, titles).Select(i =>
        {
            var genres = GenreNames.OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)).ToArray();
            return (Id: new Guid(i + 1, 0, 0, new byte[8]), Name: $"Title {i + 1}", Genres: genres, Rating: Ratings[rng.Next(Ratings.Length)],
                Popularity: 1 / Math.Pow(ranks[i], 0.9));
        }).ToArray();

        var clusterGenres = new List<string[]>();
        var clusterSets = new List<int[]>();
        for (int c = 0; c < clusters; c++)
        {
            var genres = GenreNames.OrderBy(_ => rng.Next()).Take(2).ToArray();
            var inGenres = Enumerable.Range(0, titles).Where(i => catalogue[i].Genres.Any(genres.Contains)).OrderBy(_ => rng.Next()).Take(clusterTitles).ToArray();
            clusterGenres.Add(genres);
            clusterSets.Add(inGenres);
        }

        double totalPopularity = catalogue.Sum(t => t.Popularity);
        int Popular()
        {
            double x = rng.NextDouble() * totalPopularity;
            for (int i = 0; i < titles; i++)
                if ((x -= catalogue[i].Popularity) <= 0)
                    return i;
            return titles - 1;
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var people = new List<(int, IReadOnlyList<UserSignal>)>();
        for (int u = 0; u < users; u++)
        {
            int cluster = rng.Next(clusters);
            var set = clusterSets[cluster];
            int length = 15 + rng.Next(21);
            var watched = new List<int>();
            for (int guard = 0; watched.Count < length && guard < 1000; guard++)
            {
                // Within the cluster's set, a mild popularity skew too: the set's head is watched more.
                int title = rng.NextDouble() < noise ? Popular() : set[(int)(set.Length * Math.Pow(rng.NextDouble(), 1.5))];
                if (!watched.Contains(title))
                    watched.Add(title);
            }
            var watches = watched.Select((t, n) =>
            {
                bool completed = rng.NextDouble() < 0.7;
                double share = completed ? 1 : 0.25 + 0.6 * rng.NextDouble();
                int? stars = rng.NextDouble() < 0.15 ? 3 + rng.Next(3) : null;
                return new UserSignal(catalogue[t].Id, WatchSignals.Strength(share * 3600, share * 3600, 3600, completed, stars), completed,
                    start.AddHours(u * 0.001 + n));
            }).ToList();
            people.Add((cluster, watches));
        }
        return new TasteClusters { Titles = catalogue, Users = people, ClusterGenres = clusterGenres };
    }

    public sealed record Figures(int Users, int Titles, double Recall, double Ndcg, double BaselineRecall, double BaselineNdcg, TimeSpan TrainTime, TimeSpan RecommendTime)
    {
        public override string ToString() =>
            $"{Users} users, {Titles} titles, last {HeldOut} watches held out: recommender recall@{K} {Recall:0.000} NDCG@{K} {Ndcg:0.000}; " +
            $"most-popular baseline recall@{K} {BaselineRecall:0.000} NDCG@{K} {BaselineNdcg:0.000} " +
            $"(×{Recall / BaselineRecall:0.00} and ×{Ndcg / BaselineNdcg:0.00}); trained in {TrainTime.TotalMilliseconds:0} ms, " +
            $"{RecommendTime.TotalMilliseconds / Users:0.00} ms per user";
    }

    /// <summary>The world's training half: histories without the held-out watches.</summary>
    public IReadOnlyList<IReadOnlyList<UserSignal>> Training => Users.Select(u => (IReadOnlyList<UserSignal>)u.Watches.Take(u.Watches.Count - HeldOut).ToList()).ToList();

    /// <summary>Trains on every user's history but the last <see cref="HeldOut"/>; the catalogue with train popularity and the neighbours.</summary>
    public (IReadOnlyDictionary<Guid, TitleFeatures> Catalogue, ItemSimilarity.Result Model) Train(ItemSimilarity? similarity = null)
    {
        var training = Training;
        var watched = training.SelectMany(h => h).GroupBy(s => s.TitleId).ToDictionary(g => g.Key, g => g.Count());
        var model = (similarity ?? new ItemSimilarity()).Compute(training.Select(h => (IReadOnlyList<Guid>)h.Where(s => s.Strength > 0).Select(s => s.TitleId).ToList()), watched);
        var catalogue = Titles.ToDictionary(t => t.Id, t => new TitleFeatures(t.Id, t.Name, t.Genres, t.Rating, watched.GetValueOrDefault(t.Id)));
        return (catalogue, model);
    }

    public Figures Evaluate(Recommender? recommender = null)
    {
        recommender ??= new Recommender();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (catalogue, model) = Train();
        var trainTime = clock.Elapsed;
        var popular = catalogue.Values.OrderByDescending(t => t.Viewers).ThenBy(t => t.Id).Select(t => t.Id).ToList();
        var training = Training;
        double recall = 0, ndcg = 0, baseRecall = 0, baseNdcg = 0;
        clock.Restart();
        for (int u = 0; u < Users.Count; u++)
        {
            var history = training[u];
            var truth = Users[u].Watches.Skip(history.Count).Select(s => s.TitleId).ToHashSet();
            var recommended = recommender.ForUser(history, catalogue, id => model.Neighbours.GetValueOrDefault(id) ?? [], [], null, K)
                .Select(r => r.Title.Id).ToList();
            var seen = history.Select(h => h.TitleId).ToHashSet();
            var baseline = popular.Where(id => !seen.Contains(id)).Take(K).ToList();
            (double r, double n) = Score(recommended, truth);
            (double br, double bn) = Score(baseline, truth);
            recall += r; ndcg += n; baseRecall += br; baseNdcg += bn;
        }
        int users = Users.Count;
        return new Figures(users, Titles.Count, recall / users, ndcg / users, baseRecall / users, baseNdcg / users, trainTime, clock.Elapsed);
    }

    /// <summary>Recall@K (hits / held-out) and NDCG@K with binary relevance (ideal: every held-out title at the top).</summary>
    public static (double Recall, double Ndcg) Score(IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> truth)
    {
        double dcg = 0, ideal = 0;
        int hits = 0;
        for (int i = 0; i < Math.Min(K, ranked.Count); i++)
            if (truth.Contains(ranked[i]))
            {
                hits++;
                dcg += 1 / Math.Log2(i + 2);
            }
        for (int i = 0; i < Math.Min(K, truth.Count); i++)
            ideal += 1 / Math.Log2(i + 2);
        return (hits / (double)truth.Count, ideal == 0 ? 0 : dcg / ideal);
    }
}
