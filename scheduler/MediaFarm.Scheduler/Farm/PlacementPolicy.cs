using MediaFarm.Core.Farm;
using MediaFarm.Placement;

namespace MediaFarm.Scheduler.Farm;

/// <summary>Where an asset's jobs go: a node (null while no node is alive) and the Hangfire queue to use.</summary>
public sealed record PlacementDecision(string? Node, string Queue, string HardwareClass, int Rank, string? Note);

/// <summary>
/// The placement rules, without I/O: the hardware class from the asset's preference and the alive
/// nodes, then the node by consistent hashing over the asset id within that class (a partition table
/// weighted by slots) with bounded loads (load: each node's unfinished pinned assets).
/// </summary>
public static class PlacementPolicy
{
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";

    public static PlacementDecision Place(Guid assetId, HardwarePreference preference, IReadOnlyList<NodeInfo> alive,
        IReadOnlyDictionary<string, int> load, double epsilon, Func<IReadOnlyList<Node>, IPlacementScheme> schemeFor)
    {
        var (hardwareClass, note) = ChooseClass(preference, alive);
        var candidates = alive.Where(n => n.HardwareClass == hardwareClass).ToArray();
        if (candidates.Length == 0)
            return new PlacementDecision(null, NodeQueues.Shared, hardwareClass, 0, "no worker node is alive; any node that starts takes it");

        var scheme = schemeFor(candidates.Select(n => new Node(n.Id, Math.Max(1, n.Slots))).ToArray());
        ulong key = StableHash.Of(assetId);
        // Only the candidates' loads count: assets still pinned to a dead node (about to move) or to the
        // other class must not raise the average that the candidates' bounds are computed from.
        var candidateLoad = candidates.ToDictionary(n => n.Id, n => load.GetValueOrDefault(n.Id));
        var (node, _) = BoundedLoads.Place(scheme, key, candidateLoad, epsilon);
        int rank = scheme.PreferenceOrder(key).TakeWhile(n => n != node).Count();
        var chosen = candidates.Single(n => n.Id == node);
        return new PlacementDecision(chosen.Id, chosen.Queue, hardwareClass, rank, note);
    }

    /// <summary>GPU when asked for (or on auto) and a GPU node is alive; otherwise CPU, saying why when the asset asked for a GPU.</summary>
    public static (string Class, string? Note) ChooseClass(HardwarePreference preference, IReadOnlyList<NodeInfo> alive)
    {
        bool gpuAlive = alive.Any(n => n.HardwareClass == Gpu);
        bool cpuAlive = alive.Any(n => n.HardwareClass == Cpu);
        return preference switch
        {
            HardwarePreference.Cpu when cpuAlive || !gpuAlive => (Cpu, null),
            HardwarePreference.Cpu => (Gpu, "no cpu node is alive; placed on a gpu node"),
            _ when gpuAlive => (Gpu, null),
            HardwarePreference.Gpu => (Cpu, "no gpu node is alive; placed on a cpu node"),
            _ => (Cpu, null),
        };
    }
}
