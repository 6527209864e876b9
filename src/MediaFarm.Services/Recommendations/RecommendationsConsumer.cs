using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Services.Catalog;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// The "recommendations" consumer: folds playback.heartbeats into the watch history inside the inbox
/// transaction (a redelivered batch is skipped by the inbox; a heartbeat repeated in another batch, or
/// arriving late, by its session's seen seqs), and, as the catalog's title-published observer, makes each
/// title that becomes visible (asset.published consumed, or a title created for a published asset) a
/// candidate in the catalog's transaction. A new title is recommended by content and popularity until the
/// job has co-watch data for it.
/// </summary>
public sealed class RecommendationsConsumer(IOptions<RecommendationOptions> options, TimeProvider clock) : IIntegrationEventHandler, ITitlePublishedObserver
{
    public string Name => "recommendations";

    public IReadOnlyCollection<string> RoutingKeys { get; } = [IntegrationEventTypes.RoutingKey(typeof(PlaybackHeartbeatsReported))];

    public Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        integrationEvent is PlaybackHeartbeatsReported batch
            ? RecommendationStore.RecordHeartbeatsAsync(batch.Heartbeats, clock.GetUtcNow(), options.Value.SessionRetention, connection, transaction, ct)
            : Task.CompletedTask;

    public Task OnTitlePublishedAsync(CatalogTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        RecommendationStore.AddCandidateAsync(title.Id, title.PublishedAt ?? clock.GetUtcNow(), connection, transaction, ct);
}
