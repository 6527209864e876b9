using MediaFarm.Core.Assets;

namespace MediaFarm.Core.Pipeline;

/// <summary>
/// The right to run one stage of one asset. <see cref="Token"/> is a fencing token: it grows by one
/// every time the lease changes hands, and every write a stage makes is conditional on its token still
/// being the current one, so an execution that lost its lease can no longer change anything.
/// </summary>
public sealed record StageLease(Guid AssetId, PipelineStage Stage, long Token, string Holder, string NodeRun);

/// <summary>Who holds a stage lease, when taking it failed.</summary>
public sealed record StageLeaseHolder(long Token, string? Holder, string? NodeRun, DateTimeOffset ExpiresAt);

/// <summary>
/// Stage leases in the metadata store. A lease can be taken when it is free, expired, or held in the
/// name of a node registration that is gone (the node died, restarted, or was dropped and came back);
/// otherwise the caller must not run the stage.
/// </summary>
public interface IStageLeaseStore
{
    /// <summary>Takes the lease for <paramref name="holder"/> (an execution id) of node registration <paramref name="nodeRun"/>; null when another live execution holds it.</summary>
    /// <remarks>
    /// <paramref name="replacing"/> names an earlier holder the caller knows is no longer running (an
    /// execution of its own node whose release was lost), whose lease may be taken as if it were free.
    /// </remarks>
    Task<StageLease?> TryAcquireAsync(Guid assetId, PipelineStage stage, string holder, string nodeRun, TimeSpan ttl, CancellationToken ct,
        string? replacing = null);

    /// <summary>Extends the lease; false when it was taken over (the execution must stop).</summary>
    Task<bool> RenewAsync(StageLease lease, TimeSpan ttl, CancellationToken ct);

    /// <summary>Frees the lease, keeping its token so the next holder's is higher.</summary>
    Task ReleaseAsync(StageLease lease, CancellationToken ct);

    Task<StageLeaseHolder?> GetAsync(Guid assetId, PipelineStage stage, CancellationToken ct);
}
