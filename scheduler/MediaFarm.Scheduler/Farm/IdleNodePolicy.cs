namespace MediaFarm.Scheduler.Farm;

/// <summary>A stage job waiting in a node's queue: how long it has waited, and its asset's preference order in its class.</summary>
public sealed record WaitingJob(string JobId, Guid AssetId, string Node, TimeSpan Waited, IReadOnlyList<string> Preference);

/// <summary>What the sweep knows of a node: its slots, how many run a job, how many jobs wait in its queue.</summary>
public sealed record NodeLoad(string Id, int Slots, int BusySlots, long Queued)
{
    public bool AllSlotsBusy => BusySlots >= Slots;
    public bool Idle => BusySlots < Slots && Queued == 0;
}

/// <summary>A waiting job to run on <see cref="To"/> instead of its busy owner <see cref="From"/>; <see cref="Rank"/> is <see cref="To"/>'s place in the asset's preference order.</summary>
public sealed record JobMove(string JobId, Guid AssetId, string From, string To, int Rank);

/// <summary>
/// Which waiting stage jobs move to idle nodes, pure. A job moves only when every slot of its node is busy,
/// it has waited at least the minimum (so a node about to free a slot keeps its work, and a heartbeat's
/// lag cannot make moves), and a node of its asset's preference order (its class's map, so the same
/// hardware class) has a free slot and an empty queue; the earliest such node in that order takes it. The
/// longest-waiting jobs move first, one per free slot.
/// </summary>
public static class IdleNodePolicy
{
    public static IReadOnlyList<JobMove> Plan(IReadOnlyList<NodeLoad> nodes, IReadOnlyList<WaitingJob> waiting, TimeSpan minimumWait)
    {
        var byId = nodes.ToDictionary(n => n.Id);
        var free = nodes.Where(n => n.Idle).ToDictionary(n => n.Id, n => n.Slots - n.BusySlots);
        var moves = new List<JobMove>();
        foreach (var job in waiting.Where(j => j.Waited >= minimumWait).OrderByDescending(j => j.Waited).ThenBy(j => j.JobId, StringComparer.Ordinal))
        {
            if (!byId.TryGetValue(job.Node, out var owner) || !owner.AllSlotsBusy)
                continue;
            string? target = job.Preference.FirstOrDefault(n => n != job.Node && free.GetValueOrDefault(n) > 0);
            if (target is null)
                continue;
            free[target]--;
            moves.Add(new JobMove(job.JobId, job.AssetId, job.Node, target, job.Preference.ToList().IndexOf(target)));
        }
        return moves;
    }
}
