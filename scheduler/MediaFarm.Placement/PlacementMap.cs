namespace MediaFarm.Placement;

/// <summary>
/// The placement map a farm keeps (one per hardware class, persisted and versioned by the caller): a
/// <see cref="PartitionTable"/> that is only ever evolved with WithNode / WithoutNode, plus each
/// partition's former owner — the node it belonged to before its last move. That memory is what lets a
/// node that joined and leaves again hand its partitions back to the nodes it took them from, and a node
/// that flapped (left and came back) take its own partitions back, both at no extra movement: the
/// nodes involved give up or receive exactly their surplus or deficit either way. Immutable.
/// </summary>
public sealed class PlacementMap
{
    private readonly ushort[] _former;          // per partition: 0 = none, else 1 + index into _formerNames
    private readonly string[] _formerNames;

    internal PlacementMap(PartitionTable table, ushort[] former, string[] formerNames)
    {
        if (former.Length != table.PartitionCount)
            throw new ArgumentException("One former owner per partition.", nameof(former));
        Table = table;
        _former = former;
        _formerNames = formerNames;
    }

    public PartitionTable Table { get; }

    internal ReadOnlySpan<ushort> FormerIndexes => _former;

    internal IReadOnlyList<string> FormerNames => _formerNames;

    /// <summary>The first map of a class: the canonical table for its first nodes, no history.</summary>
    public static PlacementMap Create(IEnumerable<Node> nodes, int bits = PartitionTable.DefaultBits)
    {
        var table = PartitionTable.Build(nodes, bits);
        return new PlacementMap(table, new ushort[table.PartitionCount], []);
    }

    /// <summary>The node partition <paramref name="partition"/> belonged to before its last move, if it ever moved.</summary>
    public string? FormerOwner(int partition) => _former[partition] == 0 ? null : _formerNames[_former[partition] - 1];

    public bool Contains(string nodeId) => Table.Nodes.Any(n => n.Id == nodeId);

    /// <summary>
    /// The map for <paramref name="members"/> (the alive nodes of the class, weighted by slots), reached
    /// from this one by WithoutNode for nodes gone or re-weighted and WithNode for nodes new or
    /// re-weighted. The same map when nothing changed, or when no node is left (the map keeps its last
    /// nodes until one comes back: a map is never empty).
    /// </summary>
    public PlacementMap Evolve(IReadOnlyCollection<Node> members)
    {
        var wanted = members.Select(n => n.Validated()).ToDictionary(n => n.Id, StringComparer.Ordinal);
        if (wanted.Count != members.Count)
            throw new ArgumentException("Node ids must be unique.", nameof(members));
        var current = Table.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        if (wanted.Count == 0 || (wanted.Count == current.Count && wanted.Values.All(n => current.TryGetValue(n.Id, out var c) && c == n)))
            return this;

        var map = this;
        var stale = current.Values.Where(n => !wanted.TryGetValue(n.Id, out var w) || w != n).Select(n => n.Id).Order(StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (string id in stale)
        {
            // The last node cannot leave before another has joined to take its partitions.
            if (map.Table.Nodes.Count > 1)
                map = map.WithoutNode(id);
            else
                pending.Add(id);
        }
        foreach (var node in wanted.Values.OrderBy(n => n.Id, StringComparer.Ordinal).Where(n => !pending.Contains(n.Id)))
        {
            if (!map.Contains(node.Id))
                map = map.WithNode(node);
        }
        foreach (string id in pending)
        {
            if (!wanted.TryGetValue(id, out var reweighted))
                map = map.WithoutNode(id);
            else if (map.Table.Nodes.Count == 1)
                map = map.Reweighted(reweighted); // a lone node owns everything at any weight
            else
                map = map.WithoutNode(id).WithNode(reweighted);
        }
        return map;
    }

    /// <summary>Adds a node; partitions it owned before are the first it takes back.</summary>
    public PlacementMap WithNode(Node node) =>
        Next(Table.WithNode(node, p => _former[p] != 0 && _formerNames[_former[p] - 1] == node.Id));

    /// <summary>Removes a node; each of its partitions goes back to its former owner where that owner is below its share.</summary>
    public PlacementMap WithoutNode(string id) => Next(Table.WithoutNode(id, FormerOwner));

    private PlacementMap Reweighted(Node node)
    {
        var table = PartitionTable.FromOwners([node], new ushort[Table.PartitionCount]);
        return new PlacementMap(table, _former, _formerNames);
    }

    /// <summary>This map's history carried over to <paramref name="next"/>: every partition that moved remembers who had it.</summary>
    private PlacementMap Next(PartitionTable next)
    {
        var names = new List<string>();
        var index = new Dictionary<string, ushort>(StringComparer.Ordinal);
        ushort IndexOf(string name)
        {
            if (!index.TryGetValue(name, out ushort i))
            {
                if (names.Count == ushort.MaxValue)
                    throw new InvalidOperationException("Too many former owners to remember.");
                names.Add(name);
                i = (ushort)names.Count;
                index[name] = i;
            }
            return i;
        }

        var before = Table.OwnerIndexes;
        var after = next.OwnerIndexes;
        var former = new ushort[_former.Length];
        for (int p = 0; p < former.Length; p++)
        {
            string was = Table.Nodes[before[p]].Id;
            if (was != next.Nodes[after[p]].Id)
                former[p] = IndexOf(was);
            else if (_former[p] != 0)
                former[p] = IndexOf(_formerNames[_former[p] - 1]);
        }
        return new PlacementMap(next, former, [.. names]);
    }
}
