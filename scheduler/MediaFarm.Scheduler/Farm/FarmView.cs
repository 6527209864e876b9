using MediaFarm.Core.Farm;
using MediaFarm.Placement;

namespace MediaFarm.Scheduler.Farm;

/// <summary>A node with its share of the hash space among the nodes of its class (weighted by slots) and its waiting jobs.</summary>
public sealed record NodeView(NodeInfo Node, double SharePercent, long QueueLength, double SecondsSinceHeartbeat);

public static class FarmView
{
    public static IReadOnlyList<NodeView> Of(IReadOnlyList<NodeInfo> nodes, DateTimeOffset now, Func<string, long> queueLength)
    {
        var shares = nodes.GroupBy(n => n.HardwareClass)
            .SelectMany(g => PartitionTable.Build(g.Select(n => new Node(n.Id, Math.Max(1, n.Slots)))).Shares())
            .ToDictionary(p => p.Key, p => p.Value);
        return nodes.Select(n => new NodeView(n, Math.Round(shares[n.Id] * 100, 2), queueLength(n.Queue), Math.Round((now - n.LastHeartbeat).TotalSeconds, 1))).ToArray();
    }
}
