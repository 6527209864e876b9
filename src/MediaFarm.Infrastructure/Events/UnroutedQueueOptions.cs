namespace MediaFarm.Infrastructure.Events;

/// <summary>
/// Bounds of the queue that keeps events no consumer is bound for (RabbitMQ transport), bound from
/// "Events:Unrouted". It is for inspection only; when full, the oldest event goes first.
/// </summary>
public sealed class UnroutedQueueOptions
{
    /// <summary>At most this many events are kept (x-max-length, oldest dropped first).</summary>
    public int MaxLength { get; set; } = 10_000;

    /// <summary>An event is dropped after this long (x-message-ttl; at most 24 days, RabbitMQ's limit is 2³¹ ms).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    public void Validate()
    {
        if (MaxLength < 1)
            throw new InvalidOperationException($"Events:Unrouted:MaxLength must be at least 1, not {MaxLength}.");
        if (MaxAge <= TimeSpan.Zero || MaxAge.TotalMilliseconds > int.MaxValue)
            throw new InvalidOperationException($"Events:Unrouted:MaxAge must be between 1 ms and 24 days, not {MaxAge}.");
    }
}
