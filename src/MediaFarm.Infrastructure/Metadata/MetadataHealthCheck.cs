using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>Ready when the metadata database answers.</summary>
public sealed class MetadataHealthCheck(IMetadataDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            return HealthCheckResult.Healthy($"{database.Dialect} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect} does not answer: {e.Message}");
        }
    }
}
