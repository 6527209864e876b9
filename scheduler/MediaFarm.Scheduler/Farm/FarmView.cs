using MediaFarm.Core.Farm;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// A node with its exact share of the hash space in its class's persisted placement map (the partitions
/// it owns there, 0 while the map does not include it yet), the map's version, and its waiting jobs.
/// </summary>
public sealed record NodeView(NodeInfo Node, double SharePercent, int Partitions, long? MapVersion, long QueueLength, double SecondsSinceHeartbeat);

public static class FarmView
{
    public static IReadOnlyList<NodeView> Of(IReadOnlyList<NodeInfo> nodes, IReadOnlyDictionary<string, VersionedPlacementMap> maps,
        DateTimeOffset now, Func<string, long> queueLength) =>
        nodes.Select(n =>
        {
            var map = maps.GetValueOrDefault(n.HardwareClass);
            int partitions = map?.Map.Table.PartitionsOf(n.Id) ?? 0;
            double share = map is null ? 0 : 100.0 * partitions / map.Map.Table.PartitionCount;
            return new NodeView(n, Math.Round(share, 2), partitions, map?.Version, queueLength(n.Queue), Math.Round((now - n.LastHeartbeat).TotalSeconds, 1));
        }).ToArray();
}
