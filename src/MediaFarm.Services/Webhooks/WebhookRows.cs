namespace MediaFarm.Services.Webhooks;

public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>A registered endpoint (<c>webhook_endpoints</c>); settable so Dapper converts each dialect's column types.</summary>
public sealed class WebhookEndpointRow
{
    public string EndpointId { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public long AllAssets { get; init; }
    public string Url { get; init; } = "";
    public string Events { get; init; } = "";
    public string Secret { get; init; } = "";
    public long CreatedAtMs { get; init; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One event for one endpoint (<c>webhook_deliveries</c>), with the endpoint's URL and secret when read for an attempt.</summary>
public sealed class WebhookDeliveryRow
{
    public long Seq { get; init; }
    public string DeliveryId { get; init; } = "";
    public string EndpointId { get; init; } = "";
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public string SubjectId { get; init; } = "";
    public string Payload { get; init; } = "";
    public string State { get; init; } = "";
    public long Attempts { get; init; }
    public long NextAttemptAtMs { get; init; }
    public long GiveUpAtMs { get; init; }
    public long? LastStatus { get; init; }
    public string? LastError { get; init; }
    public long CreatedAtMs { get; init; }
    public long? FinishedAtMs { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
}

/// <summary>One attempt of a delivery (<c>webhook_attempts</c>): the delivery log.</summary>
public sealed class WebhookAttemptRow
{
    public string DeliveryId { get; init; } = "";
    public long Attempt { get; init; }
    public long AtMs { get; init; }
    public long? StatusCode { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
}

/// <summary>What one attempt came to; the store turns it into the delivery's next state.</summary>
public sealed record WebhookAttemptResult(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
