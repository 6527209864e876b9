using MediaFarm.Core.Farm;
using MediaFarm.Placement;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Where an asset's jobs go: a node (null while no node is alive) and the Hangfire queue to use, with the
/// version of the class's placement map the choice was made with.
/// </summary>
public sealed record PlacementDecision(string? Node, string Queue, string HardwareClass, int Rank, string? Note, long? MapVersion = null);

/// <summary>
/// The placement rules, without I/O: the hardware class from the asset's preference and the alive
/// nodes, then the node by consistent hashing over the asset id in that class's persisted placement
/// map with bounded loads weighted by work (<see cref="WorkEstimate"/>: each node's load is the work its
/// unfinished pinned assets still ask, the asset's own counts in the bound). Only the map's alive members
/// count: a node dropped a moment ago, before the map was evolved, is skipped, and one that joined a
/// moment ago takes assets once the map includes it.
/// </summary>
public static class PlacementPolicy
{
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";

    public static PlacementDecision Place(Guid assetId, HardwarePreference preference, IReadOnlyList<NodeInfo> alive,
        IReadOnlyDictionary<string, double> work, double jobWork, double epsilon, Func<string, VersionedPlacementMap?> mapOf)
    {
        var (hardwareClass, note) = ChooseClass(preference, alive);
        var candidates = alive.Where(n => n.HardwareClass == hardwareClass).ToArray();
        if (candidates.Length == 0)
            return new PlacementDecision(null, NodeQueues.Shared, hardwareClass, 0, "no worker node is alive; any node that starts takes it");
        var map = mapOf(hardwareClass);
        var table = map?.Map.Table;
        // The map's weights (slots when the node joined it) for its alive members.
        var weights = table?.Nodes.Where(n => candidates.Any(c => c.Id == n.Id)).ToDictionary(n => n.Id, n => n.Weight) ?? [];
        if (weights.Count == 0)
            return new PlacementDecision(null, NodeQueues.Shared, hardwareClass, 0, "the placement map has none of the alive nodes yet; any node takes it", map?.Version);

        ulong key = StableHash.Of(assetId);
        // Only the members' loads count: assets still pinned to a dead node (about to move) or to the
        // other class must not raise the average that the members' bounds are computed from.
        var (node, _) = BoundedLoads.PlaceWork(table!.PreferenceOrder(key), weights, work, jobWork, epsilon);
        int rank = table.PreferenceOrder(key).Where(weights.ContainsKey).TakeWhile(n => n != node).Count();
        return new PlacementDecision(node, NodeQueues.For(node), hardwareClass, rank, note, map!.Version);
    }

    /// <summary>
    /// What placement would say for the asset now, without placing it: the class, and the owner and
    /// preference order (up to <paramref name="count"/> nodes) in that class's map, as the map stands.
    /// </summary>
    public static PlacementPreview Preview(Guid assetId, HardwarePreference preference, IReadOnlyList<NodeInfo> alive,
        Func<string, VersionedPlacementMap?> mapOf, int count)
    {
        var (hardwareClass, note) = ChooseClass(preference, alive);
        if (mapOf(hardwareClass) is not { } map)
            return new PlacementPreview(hardwareClass, null, null, [], note ?? $"no {hardwareClass} node has joined yet: the class has no placement map");
        ulong key = StableHash.Of(assetId);
        var preferenceList = map.Map.Table.Preference(key, count);
        return new PlacementPreview(hardwareClass, map.Version, preferenceList[0], preferenceList, note);
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

/// <summary>An asset's owner and preference order in its class's placement map (null owner: the class has no map yet).</summary>
public sealed record PlacementPreview(string HardwareClass, long? MapVersion, string? Owner, IReadOnlyList<string> Preference, string? Note);
