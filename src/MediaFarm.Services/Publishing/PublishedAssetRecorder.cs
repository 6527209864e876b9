using System.Data.Common;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;

namespace MediaFarm.Services.Publishing;

/// <summary>
/// Keeps the list of playable assets: added on asset.published, removed on asset.deleted. It is the
/// first consumer of the event flow and proves delivery end to end. The catalog writes the same rows
/// in its own transaction (<see cref="RecordAsync"/> is an upsert, so either may come first).
/// </summary>
public sealed class PublishedAssetRecorder : IIntegrationEventHandler
{
    public string Name => "published-assets";

    public IReadOnlyCollection<string> RoutingKeys { get; } =
        [IntegrationEventTypes.RoutingKey(typeof(AssetPublished)), IntegrationEventTypes.RoutingKey(typeof(AssetDeleted))];

    public Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        integrationEvent switch
        {
            AssetPublished p => RecordAsync(p, connection, transaction, ct),
            AssetDeleted d => ForgetAsync(d.AssetId, connection, transaction, ct),
            _ => Task.CompletedTask,
        };

    public static Task RecordAsync(AssetPublished p, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO published_assets (asset_id, event_id, title, hls_key, dash_key, duration_seconds, published_at)
            VALUES (@AssetId, @EventId, @Title, @HlsKey, @DashKey, @DurationSeconds, @PublishedAt)
            ON CONFLICT (asset_id) DO UPDATE SET event_id = excluded.event_id, hls_key = excluded.hls_key, dash_key = excluded.dash_key
            """,
            new
            {
                AssetId = p.AssetId.ToString("N"),
                EventId = p.EventId.ToString(),
                p.Title,
                p.HlsKey,
                p.DashKey,
                p.DurationSeconds,
                PublishedAt = p.OccurredAt.ToUniversalTime(),
            }, transaction, cancellationToken: ct));

    public static Task ForgetAsync(Guid assetId, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM published_assets WHERE asset_id = @id", new { id = assetId.ToString("N") }, transaction, cancellationToken: ct));
}
