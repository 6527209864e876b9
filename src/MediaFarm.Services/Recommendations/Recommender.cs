using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// The blend, pure (no I/O: the service loads what it needs and hands it over, the quality test builds it).
/// For a user: co-watch evidence from the neighbours of what they liked (recent likings weigh more), genre
/// overlap with a genre profile of their likings plus their favourite genres, and popularity. Without any
/// liking (cold start) the favourite genres come first, most popular first within them. Never a title the
/// user has a signal for (completed, started, rated), never one the parental maximum forbids; the
/// catalogue handed in holds published titles only.
/// </summary>
public sealed class Recommender(ModelWeights weights)
{
    public Recommender() : this(new ModelWeights()) { }

    /// <summary>A recent liking counts fully, each older one by this factor more (0.97: the 25th-latest counts half).</summary>
    private const double RecencyDecay = 0.97;

    public IReadOnlyList<Recommendation> ForUser(
        IReadOnlyList<UserSignal> history,
        IReadOnlyDictionary<Guid, TitleFeatures> catalogue,
        Func<Guid, IReadOnlyList<Neighbour>> neighbours,
        IReadOnlyList<string> favoriteGenres,
        string? maxContentRating,
        int max)
    {
        if (max <= 0)
            return [];
        var seen = history.Select(h => h.TitleId).ToHashSet();
        var liked = history.Where(h => h.Strength > 0).OrderByDescending(h => h.LastAt).ThenBy(h => h.TitleId).ToList();
        var favorites = favoriteGenres.Select(TitleInput.NormalizeGenre).Where(g => g.Length > 0).ToHashSet();
        double popularityScale = PopularityScale(catalogue);

        bool Eligible(TitleFeatures t) => !seen.Contains(t.Id) && ContentRatings.IsAllowed(t.ContentRating, maxContentRating);

        if (liked.Count == 0)
            return ColdStart(catalogue.Values.Where(Eligible), favorites, popularityScale, max);

        // Co-watch: Σ weight(liking) · similarity(liking, candidate), remembering the liking that gave most.
        var coWatch = new Dictionary<Guid, (double Score, Guid Best, double BestPart)>();
        for (int rank = 0; rank < liked.Count; rank++)
        {
            var signal = liked[rank];
            double weight = signal.Strength * Math.Pow(RecencyDecay, rank);
            foreach (var n in neighbours(signal.TitleId))
            {
                double part = weight * n.Score;
                var (score, best, bestPart) = coWatch.GetValueOrDefault(n.TitleId);
                coWatch[n.TitleId] = part > bestPart ? (score + part, signal.TitleId, part) : (score + part, best, bestPart);
            }
        }
        double maxCoWatch = coWatch.Count == 0 ? 1 : Math.Max(coWatch.Values.Max(v => v.Score), 1e-9);

        var genreProfile = GenreProfile(liked, catalogue, favorites);
        var scored = new List<(TitleFeatures Title, double Score, string Because)>();
        foreach (var title in catalogue.Values)
        {
            if (!Eligible(title))
                continue;
            var (cw, best, _) = coWatch.GetValueOrDefault(title.Id);
            double cf = cw / maxCoWatch;
            var (content, genre) = ContentMatch(title, genreProfile);
            double popularity = Popularity(title, popularityScale);
            double c = weights.CoWatch * cf, g = weights.Content * content, p = weights.Popularity * popularity;
            string because = c >= g && c >= p && cf > 0 && catalogue.TryGetValue(best, out var source)
                ? $"because you watched {source.Name}"
                : g >= p && genre is not null
                    ? favorites.Contains(genre) ? $"because {genre} is one of your favourite genres" : $"because you watch {genre}"
                    : "popular on MediaFarm";
            scored.Add((title, c + g + p, because));
        }
        return Top(scored, max);
    }

    /// <summary>
    /// Titles like <paramref name="title"/>: its co-watch neighbours, then genre overlap (Jaccard), popularity
    /// last; within the parental maximum, never the title itself.
    /// </summary>
    public IReadOnlyList<Recommendation> Similar(
        TitleFeatures title,
        IReadOnlyList<Neighbour> neighbours,
        IReadOnlyDictionary<Guid, TitleFeatures> catalogue,
        string? maxContentRating,
        int max)
    {
        if (max <= 0)
            return [];
        double popularityScale = PopularityScale(catalogue);
        var coWatch = neighbours.ToDictionary(n => n.TitleId, n => n.Score);
        double maxCoWatch = coWatch.Count == 0 ? 1 : Math.Max(coWatch.Values.Max(), 1e-9);
        var genres = title.Genres.ToHashSet();
        var scored = new List<(TitleFeatures Title, double Score, string Because)>();
        foreach (var other in catalogue.Values)
        {
            if (other.Id == title.Id || !ContentRatings.IsAllowed(other.ContentRating, maxContentRating))
                continue;
            double cf = coWatch.GetValueOrDefault(other.Id) / maxCoWatch;
            int shared = other.Genres.Count(genres.Contains);
            double jaccard = shared == 0 ? 0 : shared / (double)(genres.Count + other.Genres.Count - shared);
            double c = weights.CoWatch * cf, g = weights.Content * 2 * jaccard, p = weights.Popularity * Popularity(other, popularityScale);
            string because = c >= g && cf > 0
                ? $"viewers who watched {title.Name} watched this too"
                : shared > 0 ? $"also {string.Join(", ", other.Genres.Where(genres.Contains))}" : "popular on MediaFarm";
            scored.Add((other, c + g + p, because));
        }
        return Top(scored, max);
    }

    private IReadOnlyList<Recommendation> ColdStart(IEnumerable<TitleFeatures> eligible, HashSet<string> favorites, double popularityScale, int max)
    {
        // Any favourite genre puts a title above every title without one (1 +): "favourite genres first".
        var scored = eligible.Select(t =>
        {
            int matches = t.Genres.Count(favorites.Contains);
            double popularity = Popularity(t, popularityScale);
            return matches > 0
                ? (t, 1 + 0.5 * matches / t.Genres.Count + 0.5 * popularity, $"because {t.Genres.First(favorites.Contains)} is one of your favourite genres")
                : (t, 0.5 * popularity, "popular on MediaFarm");
        }).ToList();
        return Top(scored, max);
    }

    /// <summary>Share of the user's (recency-weighted) likings per genre, favourite genres adding their share on top.</summary>
    private Dictionary<string, double> GenreProfile(List<UserSignal> liked, IReadOnlyDictionary<Guid, TitleFeatures> catalogue, HashSet<string> favorites)
    {
        var profile = new Dictionary<string, double>();
        double total = 0;
        for (int rank = 0; rank < liked.Count; rank++)
        {
            if (!catalogue.TryGetValue(liked[rank].TitleId, out var t) || t.Genres.Count == 0)
                continue;
            double weight = liked[rank].Strength * Math.Pow(RecencyDecay, rank) / t.Genres.Count;
            foreach (var g in t.Genres)
            {
                profile[g] = profile.GetValueOrDefault(g) + weight;
                total += weight;
            }
        }
        foreach (var g in profile.Keys.ToList())
            profile[g] /= total;
        foreach (var g in favorites)
            profile[g] = profile.GetValueOrDefault(g) + weights.FavoriteGenres / favorites.Count;
        double top = profile.Count == 0 ? 1 : profile.Values.Max();
        foreach (var g in profile.Keys.ToList())
            profile[g] /= top;
        return profile;
    }

    /// <summary>The mean profile weight of the title's genres (in [0, 1]) and its best genre.</summary>
    private static (double Score, string? Genre) ContentMatch(TitleFeatures title, Dictionary<string, double> profile)
    {
        if (title.Genres.Count == 0)
            return (0, null);
        double sum = 0, best = 0;
        string? genre = null;
        foreach (var g in title.Genres)
        {
            double w = profile.GetValueOrDefault(g);
            sum += w;
            if (w > best)
                (best, genre) = (w, g);
        }
        return (sum / title.Genres.Count, genre);
    }

    private static double PopularityScale(IReadOnlyDictionary<Guid, TitleFeatures> catalogue) =>
        Math.Log(2 + (catalogue.Count == 0 ? 0 : catalogue.Values.Max(t => t.Viewers)));

    private static double Popularity(TitleFeatures t, double scale) => Math.Log(1 + t.Viewers) / scale;

    private static IReadOnlyList<Recommendation> Top(List<(TitleFeatures Title, double Score, string Because)> scored, int max) =>
        scored.OrderByDescending(s => s.Score).ThenByDescending(s => s.Title.Viewers).ThenBy(s => s.Title.Id)
            .Take(max)
            .Select(s => new Recommendation(s.Title, Math.Round(s.Score, 6), s.Because))
            .ToArray();
}
