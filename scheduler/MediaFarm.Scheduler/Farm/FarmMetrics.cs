using Prometheus;

namespace MediaFarm.Scheduler.Farm;

/// <summary>Prometheus metrics of placement and failover, labelled by node where they concern one.</summary>
public sealed class FarmMetrics
{
    private static readonly Counter Placements = Metrics.CreateCounter(
        "mediafarm_placements_total", "Assets placed on a node, by class and whether the node was the asset's first choice.", "class", "choice");
    private static readonly Counter Failovers = Metrics.CreateCounter(
        "mediafarm_failovers_total", "Jobs moved off a node that stopped heartbeating, by the node they left and their state.", "node", "state");
    private static readonly Counter IdleMoves = Metrics.CreateCounter(
        "mediafarm_idle_moves_total", "Waiting stage jobs moved from a busy node to an idle one, by the nodes they left and went to.", "from", "to");
    private static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "mediafarm_node_queue_depth", "Jobs waiting in a node's queue.", "node");
    private static readonly Gauge BusySlots = Metrics.CreateGauge(
        "mediafarm_node_jobs_running", "Jobs a node reports running (its busy slots).", "node");
    private static readonly Gauge AliveNodes = Metrics.CreateGauge(
        "mediafarm_nodes_alive", "Worker nodes with a recent heartbeat, by class.", "class");

    public void CountPlacement(string hardwareClass, int rank) =>
        Placements.WithLabels(hardwareClass, rank == 0 ? "first" : "other").Inc();

    public void CountFailover(string node, string state) => Failovers.WithLabels(node, state).Inc();

    public void CountIdleMove(string from, string to) => IdleMoves.WithLabels(from, to).Inc();

    /// <summary>Replaces the per-node gauges, so nodes that left stop being reported.</summary>
    public void ObserveNodes(IEnumerable<(string Node, string Class, long QueueDepth, int Busy)> nodes)
    {
        foreach (var labels in QueueDepth.GetAllLabelValues().ToArray())
            QueueDepth.RemoveLabelled(labels);
        foreach (var labels in BusySlots.GetAllLabelValues().ToArray())
            BusySlots.RemoveLabelled(labels);
        var perClass = new Dictionary<string, int> { ["gpu"] = 0, ["cpu"] = 0 };
        foreach (var n in nodes)
        {
            QueueDepth.WithLabels(n.Node).Set(n.QueueDepth);
            BusySlots.WithLabels(n.Node).Set(n.Busy);
            perClass[n.Class] = perClass.GetValueOrDefault(n.Class) + 1;
        }
        foreach (var (hardwareClass, count) in perClass)
            AliveNodes.WithLabels(hardwareClass).Set(count);
    }
}
