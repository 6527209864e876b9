using MediaFarm.Contracts;

namespace MediaFarm.Core.Assets;

/// <summary>
/// Asset metadata: SQLite (embedded) or PostgreSQL (server). Every change can carry integration events;
/// they are written to the outbox in the same transaction, so a state change and its events are never
/// separated.
/// </summary>
public interface IAssetRepository
{
    Task CreateAsync(Asset asset, IReadOnlyList<IntegrationEvent> events, CancellationToken ct = default);

    Task<Asset?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>
    /// Replaces the stored asset; false when it no longer exists (deleted meanwhile) or is already ready or
    /// failed (finished states are final), and then no event is written.
    /// </summary>
    Task<bool> UpdateAsync(Asset asset, IReadOnlyList<IntegrationEvent>? events = null, CancellationToken ct = default);

    /// <summary>
    /// As <see cref="UpdateAsync(Asset, IReadOnlyList{IntegrationEvent}?, CancellationToken)"/>, and only while
    /// <paramref name="fence"/> is still the current lease of its stage: a stage execution that lost its
    /// lease (the stage moved to another node) can no longer write.
    /// </summary>
    Task<bool> UpdateFencedAsync(Asset asset, Pipeline.StageLease fence, IReadOnlyList<IntegrationEvent>? events = null, CancellationToken ct = default);

    Task<bool> DeleteAsync(Guid id, IReadOnlyList<IntegrationEvent> events, CancellationToken ct = default);

    /// <summary>Newest first; only <paramref name="ownerId"/>'s when given.</summary>
    Task<AssetPage> ListAsync(int offset, int limit, Guid? ownerId = null, CancellationToken ct = default);

    /// <summary>Assets not yet ready or failed, oldest first: what a restart must resume.</summary>
    Task<IReadOnlyList<Asset>> ListUnfinishedAsync(CancellationToken ct = default);

    /// <summary>
    /// The work (<see cref="Farm.WorkEstimate.Remaining"/>) unfinished assets still ask, per node they are pinned
    /// to: each node's load for bounded-load placement.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> SumUnfinishedWorkByNodeAsync(CancellationToken ct = default);
}

public sealed record AssetPage(IReadOnlyList<Asset> Items, int Total);
