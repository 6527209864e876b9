namespace MediaFarm.Core.Events;

/// <summary>An integration event waiting in the outbox: written with the state change, sent by the relay.</summary>
public sealed record OutboxMessage(long Id, Guid EventId, Guid SubjectId, string RoutingKey, string Payload);

/// <summary>The outbox table of the metadata database (SQLite or PostgreSQL).</summary>
public interface IOutbox
{
    /// <summary>
    /// Claims up to <paramref name="max"/> unsent messages (oldest first, skipping ones another relay holds),
    /// hands them to <paramref name="publish"/> and marks them sent only if it returns. Returns how many.
    /// </summary>
    Task<int> RelayAsync(int max, Func<IReadOnlyList<OutboxMessage>, CancellationToken, Task> publish, CancellationToken ct);

    /// <summary>Messages not yet sent (for health and metrics).</summary>
    Task<long> PendingCountAsync(CancellationToken ct);
}

/// <summary>Where relayed events go: handlers in this process (embedded) or RabbitMQ (server).</summary>
public interface IEventTransport
{
    /// <summary>Returns once every message is safely delivered (broker confirms); throws otherwise.</summary>
    Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct);
}

/// <summary>Wakes the relay as soon as this process wrote events, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
