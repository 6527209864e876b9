namespace MediaFarm.Placement;

/// <summary>
/// Weighted rendezvous (highest random weight) hashing: every node scores every key and the best score
/// wins; score = −weight / ln(u) makes each node's share exactly its weight share and moves the minimum
/// on change. Kept to compare against: each lookup costs one hash per node.
/// </summary>
public sealed class Rendezvous : IPlacementScheme
{
    private readonly Node[] _nodes;
    private readonly ulong[] _seeds;

    public Rendezvous(IEnumerable<Node> nodes)
    {
        _nodes = nodes.Select(n => n.Validated()).OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        _seeds = _nodes.Select(n => StableHash.Of(n.Id)).ToArray();
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    public long MemoryBytes => _nodes.Length * (64L + sizeof(ulong));

    public string Owner(ulong keyHash)
    {
        int best = 0;
        double bestScore = double.MinValue;
        for (int i = 0; i < _nodes.Length; i++)
        {
            double score = Score(keyHash, i);
            if (score > bestScore)
                (best, bestScore) = (i, score);
        }
        return _nodes[best].Id;
    }

    public IReadOnlyList<string> Preference(ulong keyHash, int count) => PreferenceOrder(keyHash).Take(count).ToArray();

    public IEnumerable<string> PreferenceOrder(ulong keyHash) =>
        Enumerable.Range(0, _nodes.Length).OrderByDescending(i => Score(keyHash, i)).Select(i => _nodes[i].Id);

    /// <summary>Exactly the weight share: that is what the logarithmic score guarantees for a uniform hash.</summary>
    public IReadOnlyDictionary<string, double> Shares()
    {
        double total = _nodes.Sum(n => (double)n.Weight);
        return _nodes.ToDictionary(n => n.Id, n => n.Weight / total);
    }

    private double Score(ulong keyHash, int node)
    {
        ulong mixed = Mix(keyHash ^ _seeds[node]);
        double u = ((mixed >> 11) + 0.5) / (1UL << 53);
        return -_nodes[node].Weight / Math.Log(u);
    }

    // SplitMix64 finalizer: a cheap, well-distributed mix of key and node.
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
