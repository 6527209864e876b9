using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Pipeline;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Moves pipeline jobs off nodes that are no longer alive: jobs waiting in a dead node's queue, and jobs
/// a dead node's server was running (without waiting for Hangfire's invisibility timeout). A node that
/// restarted within the timeout is alive again, but what its previous run had in flight is orphaned all
/// the same: a running job is judged by the node run its server belongs to, never by clocks, so only
/// jobs of a run that is gone move (a restarted node's earlier run's jobs go back onto that node).
/// Each is re-created as a new job, which <see cref="PlacementFilter"/> sends to the asset's next owner, and the
/// old one is deleted (which cancels it wherever it still runs), so a queue entry left behind is skipped
/// if the node ever comes back. A node wrongly thought dead cannot finish the stage as well: it lost the
/// stage's lease, and its writes are fenced. Stateless: every pass looks at what Hangfire holds now, so nothing is missed
/// when the scheduler itself restarts.
/// </summary>
public sealed class JobFailover(JobStorage storage, IBackgroundJobClient jobs, FarmMetrics metrics, ILogger<JobFailover> logger)
{
    private const int PageSize = 500;

    /// <summary>Moves what the dead nodes held; returns how many jobs moved.</summary>
    public int MoveJobsOffDeadNodes(IReadOnlyList<NodeInfo> alive)
    {
        var runs = alive.ToDictionary(n => n.Queue, n => n.RunId);
        var monitor = storage.GetMonitoringApi();
        using var connection = storage.GetConnection();
        int moved = 0;

        foreach (var queue in monitor.Queues().Select(q => q.Name).Where(q => NodeQueues.IsNodeQueue(q) && !runs.ContainsKey(q)))
        {
            var waiting = monitor.EnqueuedJobs(queue, 0, PageSize).Where(j => j.Value.InEnqueuedState).DistinctBy(j => j.Key).ToArray();
            foreach (var (id, dto) in waiting)
                moved += Move(connection, id, dto.Job, EnqueuedState.StateName, queue) ? 1 : 0;
        }

        var running = monitor.ProcessingJobs(0, PageSize)
            .Where(j => j.Value.InProcessingState && IsOrphaned(j.Value.ServerId, runs))
            .DistinctBy(j => j.Key)
            .ToArray();
        foreach (var (id, dto) in running)
            moved += Move(connection, id, dto.Job, ProcessingState.StateName, NodeQueues.QueueOfServer(dto.ServerId)!) ? 1 : 0;
        return moved;
    }

    /// <summary>
    /// A running job is orphaned when its server belongs to a node run that is gone: its node is not
    /// alive, or is alive with another run (it restarted). Servers that are not a node's (the
    /// scheduler's own) are never touched.
    /// </summary>
    public static bool IsOrphaned(string? serverId, IReadOnlyDictionary<string, string> aliveRunByQueue)
    {
        if (NodeQueues.QueueOfServer(serverId) is not { } queue)
            return false;
        return !aliveRunByQueue.TryGetValue(queue, out var run) || NodeQueues.RunOfServer(serverId) != run;
    }

    private bool Move(IStorageConnection connection, string jobId, Hangfire.Common.Job? job, string fromState, string deadQueue)
    {
        if (!PipelineJobs.TryRead(job, out var assetId, out var stage))
            return false;
        // The monitoring lists can name a job again after it moved (Hangfire.PostgreSql's lists join every
        // state a job ever had), so its current state is read before a copy is made: each job moves once.
        if (connection.GetJobData(jobId) is not { } current || !string.Equals(current.State, fromState, StringComparison.OrdinalIgnoreCase))
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
