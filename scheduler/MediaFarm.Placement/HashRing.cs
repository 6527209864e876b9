namespace MediaFarm.Placement;

/// <summary>
/// The classic consistent-hash ring: each node places tokens (virtual nodes, as many per unit of weight
/// as configured) on the ring; a key belongs to the first token at or after its hash. Kept to compare
/// against — and, with 3 tokens and 32-bit hashes, it is the seed's original design.
/// </summary>
public sealed class HashRing : IPlacementScheme
{
    private readonly Node[] _nodes;
    private readonly ulong[] _tokens;   // sorted
    private readonly int[] _owners;     // token → node index
    private readonly bool _hash32;

    private HashRing(Node[] nodes, ulong[] tokens, int[] owners, bool hash32)
    {
        _nodes = nodes;
        _tokens = tokens;
        _owners = owners;
        _hash32 = hash32;
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    public long MemoryBytes => _tokens.Length * (sizeof(ulong) + sizeof(int)) + _nodes.Length * 64L;

    /// <param name="tokensPerWeight">Virtual nodes per unit of weight.</param>
    /// <param name="hash32">Use 32-bit token and key hashes (the seed's ring), else 64-bit.</param>
    public static HashRing Build(IEnumerable<Node> nodes, int tokensPerWeight, bool hash32 = false)
    {
        var ordered = nodes.Select(n => n.Validated()).OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var tokens = new List<(ulong Token, int Node)>();
        for (int i = 0; i < ordered.Length; i++)
        {
            for (int v = 0; v < tokensPerWeight * ordered[i].Weight; v++)
                tokens.Add((Reduce(StableHash.Of($"{ordered[i].Id}#{v}"), hash32), i));
        }
        tokens.Sort((a, b) => a.Token != b.Token ? a.Token.CompareTo(b.Token) : a.Node.CompareTo(b.Node));
        return new HashRing(ordered, tokens.Select(t => t.Token).ToArray(), tokens.Select(t => t.Node).ToArray(), hash32);
    }

    public string Owner(ulong keyHash) => _nodes[_owners[TokenIndex(keyHash)]].Id;

    public IReadOnlyList<string> Preference(ulong keyHash, int count) => PreferenceOrder(keyHash).Take(count).ToArray();

    public IEnumerable<string> PreferenceOrder(ulong keyHash)
    {
        var seen = new HashSet<int>();
        for (int step = 0, t = TokenIndex(keyHash); step < _tokens.Length && seen.Count < _nodes.Length; step++, t = (t + 1) % _tokens.Length)
        {
            if (seen.Add(_owners[t]))
                yield return _nodes[_owners[t]].Id;
        }
    }

    /// <summary>Exact arc lengths: each token owns the space from the previous token (exclusive) to itself.</summary>
    public IReadOnlyDictionary<string, double> Shares()
    {
        double space = _hash32 ? 4294967296.0 : 18446744073709551616.0;
        var share = new double[_nodes.Length];
        for (int t = 0; t < _tokens.Length; t++)
        {
            double arc = t == 0 ? _tokens[0] + (space - _tokens[^1]) : (double)(_tokens[t] - _tokens[t - 1]);
            share[_owners[t]] += arc / space;
        }
        return _nodes.Select((n, i) => (n.Id, share[i])).ToDictionary(x => x.Id, x => x.Item2);
    }

    private int TokenIndex(ulong keyHash)
    {
        ulong h = Reduce(keyHash, _hash32);
        int i = Array.BinarySearch(_tokens, h);
        if (i < 0)
            i = ~i;
        return i == _tokens.Length ? 0 : i;
    }

    private static ulong Reduce(ulong hash, bool hash32) => hash32 ? hash >> 32 : hash;
}
