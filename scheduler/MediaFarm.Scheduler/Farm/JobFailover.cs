using Hangfire;
using Hangfire.States;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Pipeline;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Moves pipeline jobs off nodes that are no longer alive: jobs waiting in a dead node's queue, and jobs
/// a dead node's server was running (without waiting for Hangfire's invisibility timeout). A node that
/// restarted within the timeout is alive again, but what its previous run had in flight is orphaned all
/// the same: a job that started before the node's current start-up is moved too (back onto that node).
/// Each is re-created as a new job, which <see cref="PlacementFilter"/> sends to the asset's next owner, and the
/// old one is deleted, so a queue entry left behind is skipped if the node ever comes back. Stages are
/// idempotent and finished assets are final, so a job that also finishes on a node wrongly thought
/// dead publishes once. Stateless: every pass looks at what Hangfire holds now, so nothing is missed
/// when the scheduler itself restarts.
/// </summary>
public sealed class JobFailover(JobStorage storage, IBackgroundJobClient jobs, FarmMetrics metrics, ILogger<JobFailover> logger)
{
    private const int PageSize = 500;

    /// <summary>Moves what the dead nodes held; returns how many jobs moved.</summary>
    public int MoveJobsOffDeadNodes(IReadOnlyList<NodeInfo> alive)
    {
        var startedAt = alive.ToDictionary(n => n.Queue, n => n.StartedAt);
        var monitor = storage.GetMonitoringApi();
        int moved = 0;

        foreach (var queue in monitor.Queues().Select(q => q.Name).Where(q => NodeQueues.IsNodeQueue(q) && !startedAt.ContainsKey(q)))
        {
            var waiting = monitor.EnqueuedJobs(queue, 0, PageSize).Where(j => j.Value.InEnqueuedState).ToArray();
            foreach (var (id, dto) in waiting)
                moved += Move(id, dto.Job, EnqueuedState.StateName, queue) ? 1 : 0;
        }

        var running = monitor.ProcessingJobs(0, PageSize)
            .Where(j => j.Value.InProcessingState && IsOrphaned(j.Value.ServerId, j.Value.StartedAt, startedAt))
            .ToArray();
        foreach (var (id, dto) in running)
            moved += Move(id, dto.Job, ProcessingState.StateName, NodeQueues.QueueOfServer(dto.ServerId)!) ? 1 : 0;
        return moved;
    }

    /// <summary>
    /// A running job is orphaned when its server belongs to a node that is gone, or to an earlier run of a
    /// node that has since restarted (the job started before the node did). Jobs of other servers
    /// (the scheduler's own) are never touched.
    /// </summary>
    public static bool IsOrphaned(string? serverId, DateTime? jobStartedAt, IReadOnlyDictionary<string, DateTimeOffset> aliveNodeStarts)
    {
        if (NodeQueues.QueueOfServer(serverId) is not { } queue)
            return false;
        if (!aliveNodeStarts.TryGetValue(queue, out var nodeStarted))
            return true;
        return jobStartedAt is { } started && DateTime.SpecifyKind(started, DateTimeKind.Utc) < nodeStarted.UtcDateTime;
    }

    private bool Move(string jobId, Hangfire.Common.Job? job, string fromState, string deadQueue)
    {
        if (!PipelineJobs.TryRead(job, out var assetId, out var stage))
            return false;
        string newId = jobs.Create(job!, new EnqueuedState());
        bool deleted = jobs.ChangeState(jobId, new DeletedState { Reason = $"Failed over from {deadQueue}: continued as job {newId}" }, fromState);
        if (!deleted)
        {
            // The job moved on by itself meanwhile (its node was alive after all): keep it, drop the copy.
            jobs.Delete(newId);
            return false;
        }
        metrics.CountFailover(deadQueue, fromState.ToLowerInvariant());
        logger.LogWarning("Failover: {Stage} of asset {AssetId} ({State} on {Queue}) moved to job {NewJob}",
            stage, assetId, fromState, deadQueue, newId);
        return true;
    }
}
