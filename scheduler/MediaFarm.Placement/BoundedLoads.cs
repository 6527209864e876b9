namespace MediaFarm.Placement;

/// <summary>
/// Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam): a job goes to the first node
/// in its key's preference order whose load is below ⌈(1+ε)·average⌉, the average weighted by the
/// node's share of capacity and counting the job being placed. No node ever exceeds its bound.
/// </summary>
public static class BoundedLoads
{
    public const double DefaultEpsilon = 0.25;

    /// <summary>The node for the job and whether it was the key's first choice.</summary>
    public static (string Node, bool FirstChoice) Place(IPlacementScheme scheme, ulong keyHash,
        IReadOnlyDictionary<string, int> load, double epsilon = DefaultEpsilon) =>
        Place(scheme.PreferenceOrder(keyHash), scheme.Nodes.ToDictionary(n => n.Id, n => n.Weight), load, epsilon);

    /// <summary>
    /// The same over the nodes in <paramref name="weights"/> only (the alive members of a persisted map,
    /// say): the preference order skips the others, and the bounds are computed over these nodes.
    /// </summary>
    public static (string Node, bool FirstChoice) Place(IEnumerable<string> preferenceOrder, IReadOnlyDictionary<string, int> weights,
        IReadOnlyDictionary<string, int> load, double epsilon = DefaultEpsilon)
    {
        if (epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be positive.");
        if (weights.Count == 0)
            throw new ArgumentException("Placement needs at least one node.", nameof(weights));
        double totalWeight = weights.Values.Sum(w => (double)w);
        long jobs = weights.Keys.Sum(n => (long)load.GetValueOrDefault(n)) + 1;
        bool first = true;
        foreach (var node in preferenceOrder.Where(weights.ContainsKey))
        {
            if (load.GetValueOrDefault(node) < Bound(jobs, weights[node], totalWeight, epsilon))
                return (node, first);
            first = false;
        }
        throw new InvalidOperationException("No node is below its bound; the bounds always leave room, so this is a bug.");
    }

    /// <summary>
    /// Bounded loads weighted by work: the job (<paramref name="jobWork"/>) goes to the first node in its
    /// preference order that stays within (1+ε) × its share of all the work (the job's included) once it has
    /// the job. When the job fits no bound (it alone is larger than every node's slack), the node furthest
    /// below its share takes it. So no node is given more than (1+ε) × its share while another node is below
    /// its share.
    /// </summary>
    public static (string Node, bool FirstChoice) PlaceWork(IEnumerable<string> preferenceOrder, IReadOnlyDictionary<string, int> weights,
        IReadOnlyDictionary<string, double> work, double jobWork, double epsilon = DefaultEpsilon)
    {
        if (epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be positive.");
        if (weights.Count == 0)
            throw new ArgumentException("Placement needs at least one node.", nameof(weights));
        if (!double.IsFinite(jobWork) || jobWork < 0)
            throw new ArgumentOutOfRangeException(nameof(jobWork), "A job's work must be a finite number ≥ 0.");
        double totalWeight = weights.Values.Sum(w => (double)w);
        double total = weights.Keys.Sum(n => work.GetValueOrDefault(n)) + jobWork;
        var order = preferenceOrder.Where(weights.ContainsKey).ToList();
        for (int i = 0; i < order.Count; i++)
        {
            string node = order[i];
            if (work.GetValueOrDefault(node) + jobWork <= (1 + epsilon) * total * weights[node] / totalWeight)
                return (node, i == 0);
        }
        string lightest = order.MinBy(n => work.GetValueOrDefault(n) / weights[n])!;
        return (lightest, lightest == order[0]);
    }

    /// <summary>⌈(1+ε) · jobs · weight / total weight⌉.</summary>
    public static int Bound(long jobs, int weight, double totalWeight, double epsilon) =>
        (int)Math.Ceiling((1 + epsilon) * jobs * weight / totalWeight);
}
