namespace MediaFarm.Infrastructure.Events;

/// <summary>Bound from the "Events" configuration section.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>"InProcess" (embedded: handlers in this process) or "RabbitMq" (ConnectionStrings:RabbitMq).</summary>
    public string Transport { get; set; } = "InProcess";

    /// <summary>Bounds of the RabbitMQ queue of events no consumer is bound for.</summary>
    public UnroutedQueueOptions Unrouted { get; set; } = new();
}
