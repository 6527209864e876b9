using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>Ready when the broker connection is open (events are kept in the outbox meanwhile, so this only degrades).</summary>
public sealed class RabbitMqHealthCheck(RabbitMqConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var open = await connection.GetAsync(ct);
            return HealthCheckResult.Healthy($"connected to {open.Endpoint.HostName}:{open.Endpoint.Port}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"RabbitMQ unavailable, events wait in the outbox: {e.Message}");
        }
    }
}
