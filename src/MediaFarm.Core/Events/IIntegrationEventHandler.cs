using System.Data.Common;
using MediaFarm.Contracts;

namespace MediaFarm.Core.Events;

/// <summary>
/// A consumer of integration events. It runs inside the transaction that records the event as processed,
/// so its own writes and the duplicate check commit together: a redelivered event is ignored.
/// </summary>
public interface IIntegrationEventHandler
{
    /// <summary>Stable consumer name: its queue and its rows in the processed-events table.</summary>
    string Name { get; }

    IReadOnlyCollection<string> RoutingKeys { get; }

    Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct);
}
