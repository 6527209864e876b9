using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>Ready when the S3 server answers and the bucket exists.</summary>
public sealed class S3HealthCheck(IMinioClient minio, IOptions<S3Options> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.Value.Bucket), ct)
                ? HealthCheckResult.Healthy($"bucket {options.Value.Bucket} on {options.Value.Endpoint}")
                : HealthCheckResult.Unhealthy($"bucket {options.Value.Bucket} does not exist");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"S3 at {options.Value.Endpoint} does not answer: {e.Message}");
        }
    }
}
