using Hangfire.Common;
using Hangfire.States;
using MediaFarm.Scheduler.Pipeline;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Routes every pipeline job to its asset's node whenever it is enqueued — first enqueue, retry after a
/// delay, or failover — so placement is decided in one place, at the last moment, against the nodes alive
/// then. Hangfire's state election is synchronous, hence the blocking call.
/// </summary>
public sealed class PlacementFilter(AssetPlacer placer) : IElectStateFilter, IJobFilter
{
    public int Order => 10;

    public bool AllowMultiple => false;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not EnqueuedState enqueued || !PipelineJobs.TryRead(context.BackgroundJob.Job, out var assetId, out var stage))
            return;
        enqueued.Queue = placer.PlaceAsync(assetId, stage, CancellationToken.None).GetAwaiter().GetResult().Queue;
    }
}
