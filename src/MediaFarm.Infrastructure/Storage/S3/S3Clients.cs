using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Minio;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>
/// The two S3 clients, configured once from <see cref="S3Options"/>: Minio (the chosen SDK, used for
/// objects, buckets and policies) and the AWS SDK for what Minio 7 does not expose — multipart
/// primitives with presigned part URLs, and bucket CORS.
/// </summary>
public static class S3Clients
{
    public static IMinioClient Minio(S3Options o) => new MinioClient()
        .WithEndpoint(o.Endpoint)
        .WithCredentials(o.AccessKey, o.SecretKey)
        .WithRegion(o.Region)
        .WithSSL(o.UseSsl)
        .Build();

    public static AmazonS3Client Aws(S3Options o, bool forClients = false) => new(new BasicAWSCredentials(o.AccessKey, o.SecretKey), new AmazonS3Config
    {
        ServiceURL = $"{(o.UseSsl ? "https" : "http")}://{(forClients && !string.IsNullOrWhiteSpace(o.PublicEndpoint) ? o.PublicEndpoint : o.Endpoint)}",
        ForcePathStyle = true,
        AuthenticationRegion = o.Region,
        // Checksum trailers are an AWS extension that other S3 servers (RadosGW, older MinIO) reject.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public static void Validate(IOptions<S3Options> options)
    {
        var o = options.Value;
        foreach (var (name, value) in new[] { ("S3:Endpoint", o.Endpoint), ("S3:AccessKey", o.AccessKey), ("S3:SecretKey", o.SecretKey), ("S3:Bucket", o.Bucket) })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new InvalidOperationException($"{name} is not set (Storage:ObjectStore is S3).");
        }
    }
}
