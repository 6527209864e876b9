namespace MediaFarm.Placement;

/// <summary>A node as placement sees it: a stable id and a weight (its job slots).</summary>
public sealed record Node(string Id, int Weight)
{
    public Node Validated() => Weight > 0 && !string.IsNullOrWhiteSpace(Id)
        ? this
        : throw new ArgumentException($"Node '{Id}' needs an id and a positive weight (got {Weight}).");
}

/// <summary>A placement scheme: an immutable snapshot, safe for any number of concurrent readers.</summary>
public interface IPlacementScheme
{
    IReadOnlyList<Node> Nodes { get; }

    /// <summary>The node that owns the key.</summary>
    string Owner(ulong keyHash);

    /// <summary>The first <paramref name="count"/> distinct nodes for the key, owner first.</summary>
    IReadOnlyList<string> Preference(ulong keyHash, int count);

    /// <summary>Every node, in the key's preference order, produced lazily.</summary>
    IEnumerable<string> PreferenceOrder(ulong keyHash);

    /// <summary>Each node's exact share of the hash space, computed from the structure.</summary>
    IReadOnlyDictionary<string, double> Shares();

    /// <summary>Approximate memory the structure holds, in bytes.</summary>
    long MemoryBytes { get; }
}
