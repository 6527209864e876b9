using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;

namespace MediaFarm.Services.Analytics;

/// <summary>
/// The "analytics" consumer of playback.heartbeats: adds each batch's heartbeats to their sessions' totals
/// in the inbox transaction (a redelivered event is skipped by the inbox; a heartbeat in two batches is
/// counted once by its (session, seq)), then counts them on the metrics.
/// </summary>
public sealed class AnalyticsConsumer(AnalyticsMetrics metrics) : IIntegrationEventHandler
{
    public string Name => "analytics";

    public IReadOnlyCollection<string> RoutingKeys { get; } = [IntegrationEventTypes.RoutingKey(typeof(PlaybackHeartbeatsReported))];

    public async Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (integrationEvent is not PlaybackHeartbeatsReported { Heartbeats.Count: > 0 } batch)
            return;
        foreach (var (tally, before) in await AnalyticsStore.RecordAsync(batch.Heartbeats, connection, transaction, ct))
            metrics.Record(tally, before.WatchSeconds, before.Failed);
    }
}
