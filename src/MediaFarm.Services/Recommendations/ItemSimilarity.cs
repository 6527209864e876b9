namespace MediaFarm.Services.Recommendations;

/// <summary>
/// Item-to-item collaborative filtering, pure: two titles are similar when the same users like both.
/// Binary cosine over likers, co / √(nᵢ·nⱼ), shrunk by co / (co + <see cref="Shrinkage"/>) so that a pair
/// seen together by two users does not outrank one seen by two hundred; the top <see cref="TopK"/> per title.
/// A user's likings are capped at the most recent <see cref="MaxItemsPerUser"/>: the pair count grows with
/// the square of a history, and a binge-watcher's whole past says little about any one pair.
/// </summary>
public sealed class ItemSimilarity
{
    public double Shrinkage { get; init; } = 10;
    public int TopK { get; init; } = 50;
    public int MinCoCount { get; init; } = 2;
    public int MaxItemsPerUser { get; init; } = 200;

    /// <summary>The result of one run: neighbours per title and how many users liked each title.</summary>
    public sealed record Result(IReadOnlyDictionary<Guid, Neighbour[]> Neighbours, IReadOnlyDictionary<Guid, int> Viewers, int Users, int Pairs);

    /// <param name="likings">Per user, the titles liked (signal strength &gt; 0), most recent last.</param>
    /// <param name="watched">Per title, how many users watched it at all (popularity); null: the likers.</param>
    public Result Compute(IEnumerable<IReadOnlyList<Guid>> likings, IReadOnlyDictionary<Guid, int>? watched = null)
    {
        var index = new Dictionary<Guid, int>();
        var ids = new List<Guid>();
        var likers = new List<int>();
        var pairs = new Dictionary<long, int>();
        int users = 0;
        foreach (var list in likings)
        {
            var items = list.Skip(Math.Max(0, list.Count - MaxItemsPerUser)).Distinct()
                .Select(id =>
                {
                    if (!index.TryGetValue(id, out int i))
                    {
                        index[id] = i = ids.Count;
                        ids.Add(id);
                        likers.Add(0);
                    }
                    return i;
                }).ToArray();
            if (items.Length == 0)
                continue;
            users++;
            Array.Sort(items);
            foreach (int i in items)
                likers[i]++;
            for (int a = 0; a < items.Length; a++)
                for (int b = a + 1; b < items.Length; b++)
                {
                    long key = ((long)items[a] << 32) | (uint)items[b];
                    pairs[key] = pairs.GetValueOrDefault(key) + 1;
                }
        }

        var candidates = new List<(int Other, double Score, int Co)>[ids.Count];
        for (int i = 0; i < candidates.Length; i++)
            candidates[i] = [];
        foreach (var (key, co) in pairs)
        {
            if (co < MinCoCount)
                continue;
            int i = (int)(key >> 32), j = (int)(key & 0xffffffff);
            double score = co / Math.Sqrt((double)likers[i] * likers[j]) * (co / (co + Shrinkage));
            candidates[i].Add((j, score, co));
            candidates[j].Add((i, score, co));
        }
        var neighbours = new Dictionary<Guid, Neighbour[]>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            if (candidates[i].Count == 0)
                continue;
            neighbours[ids[i]] = candidates[i]
                .OrderByDescending(c => c.Score).ThenBy(c => ids[c.Other])
                .Take(TopK)
                .Select(c => new Neighbour(ids[c.Other], c.Score, c.Co))
                .ToArray();
        }
        var viewers = watched ?? ids.Select((id, i) => (id, likers[i])).ToDictionary(p => p.id, p => p.Item2);
        return new Result(neighbours, viewers, users, pairs.Count);
    }
}
