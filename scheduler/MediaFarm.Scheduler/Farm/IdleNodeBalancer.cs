using Hangfire;
using Hangfire.States;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Keeps idle nodes busy (the node sweep runs it after failover, under the same leadership): a stage job
/// that has not started and waits behind its busy owner is moved to an idle node of its asset's preference
/// order (<see cref="IdleNodePolicy"/>). Every stage may move: stages pass their files through the object
/// store, so the new node fetches the owner's committed intermediates (the package stage downloads the
/// renditions, the others read the store). The original is deleted only while still Enqueued (a job its
/// owner started meanwhile stays where it is), then the asset is pinned to the new node, so the copy is
/// queued there and the later stages follow. Stage leases keep one execution per stage whatever happens.
/// </summary>
public sealed class IdleNodeBalancer(JobStorage storage, IBackgroundJobClient jobs, IAssetRepository assets, AssetPlacer placer,
    FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<IdleNodeBalancer> logger)
{
    private const int PerQueue = 50;

    public async Task<int> MoveWaitingJobsToIdleNodesAsync(IReadOnlyList<NodeInfo> alive, CancellationToken ct)
    {
        if (options.Value.IdleMoveAfterSeconds <= 0 || alive.Count < 2)
            return 0;
        var monitor = storage.GetMonitoringApi();
        var loads = alive.Select(n => new NodeLoad(n.Id, n.Slots, n.BusySlots, monitor.EnqueuedCount(n.Queue))).ToList();
        if (!loads.Any(l => l.Idle) || !loads.Any(l => l.AllSlotsBusy && l.Queued > 0))
            return 0;

        var maps = await placer.MapsForAsync(alive, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = new List<WaitingJob>();
        foreach (var owner in alive.Where(n => loads.Single(l => l.Id == n.Id) is { AllSlotsBusy: true, Queued: > 0 }))
        {
            foreach (var (jobId, dto) in monitor.EnqueuedJobs(owner.Queue, 0, PerQueue).Where(j => j.Value.InEnqueuedState).DistinctBy(j => j.Key))
            {
                if (!PipelineJobs.TryRead(dto.Job, out var assetId, out _) || !maps.TryGetValue(owner.HardwareClass, out var map))
                    continue;
                var preference = map.Map.Table.Preference(Placement.StableHash.Of(assetId), map.Map.Table.Nodes.Count)
                    .Where(id => alive.Any(n => n.Id == id && n.HardwareClass == owner.HardwareClass)).ToArray();
                var waited = dto.EnqueuedAt is { } at ? now - DateTime.SpecifyKind(at, DateTimeKind.Utc) : TimeSpan.Zero;
                waiting.Add(new WaitingJob(jobId, assetId, owner.Id, waited, preference));
            }
        }

        int moved = 0;
        foreach (var move in IdleNodePolicy.Plan(loads, waiting, TimeSpan.FromSeconds(options.Value.IdleMoveAfterSeconds)))
            moved += await MoveAsync(move, alive.Single(n => n.Id == move.To), ct) ? 1 : 0;
        return moved;
    }

    private async Task<bool> MoveAsync(JobMove move, NodeInfo target, CancellationToken ct)
    {
        using var connection = storage.GetConnection();
        if (connection.GetJobData(move.JobId) is not { Job: { } job } current || !string.Equals(current.State, EnqueuedState.StateName, StringComparison.OrdinalIgnoreCase))
            return false;
        if (await assets.GetAsync(move.AssetId, ct) is not { Placement: { } placement } || placement.Node != move.From)
            return false;
        // Taken off the busy queue first, and only while still Enqueued: once that succeeded no node can start
        // it (a worker that fetched it finds it Deleted), so nothing writes the asset while it is re-pinned.
        // A scheduler killed between this and the copy leaves the asset without a job; a scheduler's start
        // re-enqueues the stage of every unfinished asset that has none.
        if (!jobs.ChangeState(move.JobId, new DeletedState { Reason = $"Moved to idle node {target.Id}" }, EnqueuedState.StateName))
            return false; // its owner started it meanwhile: it stays there
        if (await assets.GetAsync(move.AssetId, ct) is { Placement: not null } asset && !asset.Status.IsTerminal())
        {
            var moved = asset.Placement with { Node = target.Id, Rank = move.Rank, PlacedAt = clock.GetUtcNow(), Note = $"moved to idle {target.Id} from busy {move.From}" };
            await assets.UpdateAsync(asset.PlacedOn(moved), ct: ct);
        }
        string copy = jobs.Create(job, new EnqueuedState()); // routed by the pin (PlacementFilter)
        metrics.CountIdleMove(move.From, move.To);
        logger.LogInformation("Idle move: job {Job} of asset {AssetId} moved from busy {From} to idle {To} as job {Copy}", move.JobId, move.AssetId, move.From, move.To, copy);
        return true;
    }
}
