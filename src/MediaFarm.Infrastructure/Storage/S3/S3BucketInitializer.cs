using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>
/// On start: the bucket exists and nothing in it is readable anonymously — published media reaches
/// viewers through the playback origin, which checks signed tokens — so a policy an earlier version set
/// (anonymous reads under public/) is removed. Browsers on any origin may PUT presigned upload parts.
/// </summary>
public sealed class S3BucketInitializer(IMinioClient minio, AmazonS3Client aws, IOptions<S3Options> options, ILogger<S3BucketInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        string bucket = options.Value.Bucket;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (!await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), ct))
                {
                    await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), ct);
                    logger.LogInformation("Created bucket {Bucket}", bucket);
                }
                break;
            }
            catch (Exception e) when (attempt < 10 && e is not OperationCanceledException)
            {
                // Concurrent roles may race to create it, or the server is still starting.
                logger.LogWarning("Bucket {Bucket} not ready yet ({Message}); retrying", bucket, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
            }
        }

        await aws.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket }, ct);
        await aws.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration
            {
                Rules = [new CORSRule { AllowedMethods = ["PUT"], AllowedOrigins = ["*"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag", "Content-Length", "Content-Range"], MaxAgeSeconds = 3600 }],
            },
        }, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
