using System.Collections.Concurrent;

namespace MediaFarm.Placement;

/// <summary>
/// Consistent hashing with fixed, equal-size partitions (Dynamo's third strategy): the 64-bit hash space
/// is cut into Q = 2^bits partitions, each owned by one node, and each node owns a number of partitions
/// proportional to its weight (largest-remainder rounding, so shares are exact to one partition).
/// A node that joins takes partitions only from the others (nothing moves between old nodes); a node that
/// leaves hands only its own partitions to those most below their share. Lookups are one shift and one
/// array read. Immutable: changes return a new table.
/// </summary>
public sealed class PartitionTable : IPlacementScheme
{
    public const int DefaultBits = 18;

    private readonly Node[] _nodes;     // ordered by id
    private readonly ushort[] _owner;   // partition → index into _nodes
    private readonly int[] _counts;     // partitions per node
    private readonly int _bits;

    private PartitionTable(Node[] nodes, ushort[] owner, int[] counts, int bits)
    {
        _nodes = nodes;
        _owner = owner;
        _counts = counts;
        _bits = bits;
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    public int PartitionCount => _owner.Length;

    public long MemoryBytes => _owner.Length * sizeof(ushort) + _counts.Length * sizeof(int) + _nodes.Length * 64L;

    public static PartitionTable Build(IEnumerable<Node> nodes, int bits = DefaultBits)
    {
        if (bits is < 8 or > 24)
            throw new ArgumentOutOfRangeException(nameof(bits), "Use 8 to 24 bits of partitions.");
        var ordered = Order(nodes);
        int q = 1 << bits;
        int[] targets = Targets(ordered, q);
        // Partitions in a fixed pseudo-random order, dealt out in runs: each node's partitions end up
        // scattered over the whole space, so neighbours (the preference list) are varied.
        var owner = new ushort[q];
        int next = 0;
        var permutation = Permutation(q);
        for (int i = 0; i < ordered.Length; i++)
        {
            for (int k = 0; k < targets[i]; k++)
                owner[permutation[next++]] = (ushort)i;
        }
        return new PartitionTable(ordered, owner, targets, bits);
    }

    /// <summary>
    /// A table from its stored form: the nodes in id order and, per partition, the index of its owner
    /// among them. The partition count (a power of two) gives the table's bits.
    /// </summary>
    public static PartitionTable FromOwners(IReadOnlyList<Node> nodes, ReadOnlySpan<ushort> ownerIndexes)
    {
        var ordered = Order(nodes);
        if (!ordered.Select(n => n.Id).SequenceEqual(nodes.Select(n => n.Id)))
            throw new ArgumentException("Nodes must be in id order (ordinal).", nameof(nodes));
        int q = ownerIndexes.Length;
        int bits = int.Log2(Math.Max(q, 1));
        if (bits is < 8 or > 24 || 1 << bits != q)
            throw new ArgumentException($"{q} partitions: use a power of two from 2^8 to 2^24.", nameof(ownerIndexes));
        var owner = ownerIndexes.ToArray();
        var counts = new int[ordered.Length];
        foreach (ushort index in owner)
        {
            if (index >= ordered.Length)
                throw new ArgumentException($"Owner index {index} is out of range for {ordered.Length} nodes.", nameof(ownerIndexes));
            counts[index]++;
        }
        return new PartitionTable(ordered, owner, counts, bits);
    }

    /// <summary>Per partition, the index (into <see cref="Nodes"/>) of its owner: the table's stored form.</summary>
    public ReadOnlySpan<ushort> OwnerIndexes => _owner;

    /// <summary>The node that owns partition <paramref name="partition"/>.</summary>
    public string OwnerOfPartition(int partition) => _nodes[_owner[partition]].Id;

    /// <summary>How many partitions node <paramref name="id"/> owns (0 when it is not in the table).</summary>
    public int PartitionsOf(string id)
    {
        int i = Array.FindIndex(_nodes, n => n.Id == id);
        return i < 0 ? 0 : _counts[i];
    }

    public string Owner(ulong keyHash) => _nodes[_owner[Partition(keyHash)]].Id;

    public int Partition(ulong keyHash) => (int)(keyHash >> (64 - _bits));

    public IReadOnlyList<string> Preference(ulong keyHash, int count) => PreferenceOrder(keyHash).Take(count).ToArray();

    /// <summary>Distinct nodes met walking the partitions from the key's own, owner first.</summary>
    public IEnumerable<string> PreferenceOrder(ulong keyHash)
    {
        var seen = new HashSet<int>();
        int q = _owner.Length;
        for (int step = 0, p = Partition(keyHash); step < q && seen.Count < _nodes.Length; step++, p = (p + 1) & (q - 1))
        {
            if (seen.Add(_owner[p]))
                yield return _nodes[_owner[p]].Id;
        }
    }

    public IReadOnlyDictionary<string, double> Shares() =>
        _nodes.Select((n, i) => (n.Id, Share: (double)_counts[i] / _owner.Length)).ToDictionary(x => x.Id, x => x.Share);

    /// <summary>
    /// The table with <paramref name="node"/> added: it takes its share from the others, nothing else moves.
    /// Each old node gives up exactly its surplus; among its partitions, those <paramref name="returning"/>
    /// marks (the newcomer's own before it left, say) go first, so giving them back costs no extra movement.
    /// </summary>
    public PartitionTable WithNode(Node node, Func<int, bool>? returning = null)
    {
        node = node.Validated();
        if (_nodes.Any(n => n.Id == node.Id))
            throw new ArgumentException($"Node '{node.Id}' is already placed.", nameof(node));
        var nodes = Order(_nodes.Append(node));
        int newIndex = Array.FindIndex(nodes, n => n.Id == node.Id);
        var remap = _nodes.Select(n => (ushort)Array.FindIndex(nodes, m => m.Id == n.Id)).ToArray();
        int[] targets = Targets(nodes, _owner.Length);

        var owner = new ushort[_owner.Length];
        var counts = new int[nodes.Length];
        for (int p = 0; p < owner.Length; p++)
            owner[p] = remap[_owner[p]];
        for (int i = 0; i < _nodes.Length; i++)
            counts[remap[i]] = _counts[i];

        // Each old node gives up what it holds above its new target: the partitions that rank highest
        // for the newcomer (rendezvous order), so the choice is deterministic and spread out.
        var byNode = PartitionsByNode(owner, nodes.Length);
        for (int i = 0; i < nodes.Length; i++)
        {
            int surplus = counts[i] - targets[i];
            if (i == newIndex || surplus <= 0)
                continue;
            var given = byNode[i]
                .OrderBy(p => returning is not null && returning(p) ? 0 : 1)
                .ThenByDescending(p => StableHash.Of((ulong)p, node.Id))
                .ThenBy(p => p)
                .Take(surplus);
            foreach (int p in given)
                owner[p] = (ushort)newIndex;
            counts[i] -= surplus;
            counts[newIndex] += surplus;
        }
        return new PartitionTable(nodes, owner, counts, _bits);
    }

    /// <summary>
    /// The table without node <paramref name="id"/>: only its partitions move, to those most below their
    /// share. A partition whose <paramref name="formerOwner"/> is still in the table and below its share
    /// goes back to it first (a node that joined and leaves again returns what it took, to whom it took it from).
    /// </summary>
    public PartitionTable WithoutNode(string id, Func<int, string?>? formerOwner = null)
    {
        int leaving = Array.FindIndex(_nodes, n => n.Id == id);
        if (leaving < 0)
            throw new ArgumentException($"Node '{id}' is not placed.", nameof(id));
        if (_nodes.Length == 1)
            throw new InvalidOperationException("The last node cannot leave.");
        var nodes = _nodes.Where((_, i) => i != leaving).ToArray();
        var remap = Enumerable.Range(0, _nodes.Length).Select(i => i < leaving ? i : i - 1).ToArray();
        int[] targets = Targets(nodes, _owner.Length);
        var counts = new int[nodes.Length];
        for (int i = 0; i < _nodes.Length; i++)
        {
            if (i != leaving)
                counts[remap[i]] = _counts[i];
        }

        var indexOf = Enumerable.Range(0, nodes.Length).ToDictionary(i => nodes[i].Id, StringComparer.Ordinal);
        var owner = new ushort[_owner.Length];
        var orphans = new List<int>();
        for (int p = 0; p < owner.Length; p++)
        {
            if (_owner[p] != leaving)
            {
                owner[p] = (ushort)remap[_owner[p]];
                continue;
            }
            int former = formerOwner?.Invoke(p) is { } formerId ? indexOf.GetValueOrDefault(formerId, -1) : -1;
            if (former >= 0 && counts[former] < targets[former])
            {
                owner[p] = (ushort)former;
                counts[former]++;
            }
            else
            {
                orphans.Add(p);
            }
        }

        // Deficits in a max-heap; ties go to the lower index, so the result is deterministic.
        var heirs = new PriorityQueue<int, (int Deficit, int Index)>(Comparer<(int Deficit, int Index)>.Create(
            (a, b) => a.Deficit != b.Deficit ? b.Deficit.CompareTo(a.Deficit) : a.Index.CompareTo(b.Index)));
        for (int i = 0; i < nodes.Length; i++)
            heirs.Enqueue(i, (targets[i] - counts[i], i));
        foreach (int p in orphans)
        {
            int heir = heirs.Dequeue();
            owner[p] = (ushort)heir;
            counts[heir]++;
            heirs.Enqueue(heir, (targets[heir] - counts[heir], heir));
        }
        return new PartitionTable(nodes, owner, counts, _bits);
    }

    private static Node[] Order(IEnumerable<Node> nodes)
    {
        var ordered = nodes.Select(n => n.Validated()).OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        if (ordered.Length == 0)
            throw new ArgumentException("Placement needs at least one node.", nameof(nodes));
        if (ordered.Length > ushort.MaxValue)
            throw new ArgumentException($"At most {ushort.MaxValue} nodes.", nameof(nodes));
        if (ordered.Select(n => n.Id).Distinct().Count() != ordered.Length)
            throw new ArgumentException("Node ids must be unique.", nameof(nodes));
        return ordered;
    }

    /// <summary>Partitions per node: proportional to weight, largest remainders rounded up (ties by order).</summary>
    internal static int[] Targets(IReadOnlyList<Node> nodes, int q)
    {
        long total = nodes.Sum(n => (long)n.Weight);
        var exact = nodes.Select(n => (double)q * n.Weight / total).ToArray();
        var targets = exact.Select(e => (int)Math.Floor(e)).ToArray();
        int left = q - targets.Sum();
        foreach (int i in Enumerable.Range(0, nodes.Count).OrderByDescending(i => exact[i] - targets[i]).ThenBy(i => i).Take(left))
            targets[i]++;
        return targets;
    }

    // The deal order depends only on the table size: computed once per size (sorting 2^18 hashes is most of a build).
    private static readonly ConcurrentDictionary<int, int[]> Permutations = new();

    private static int[] Permutation(int q) => Permutations.GetOrAdd(q, size =>
        Enumerable.Range(0, size).OrderBy(p => StableHash.Of((ulong)p, "partition")).ToArray());

    private static List<int>[] PartitionsByNode(ushort[] owner, int nodes)
    {
        var lists = Enumerable.Range(0, nodes).Select(_ => new List<int>()).ToArray();
        for (int p = 0; p < owner.Length; p++)
            lists[owner[p]].Add(p);
        return lists;
    }
}
