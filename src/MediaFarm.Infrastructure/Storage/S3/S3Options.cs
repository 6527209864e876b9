namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>Bound from the "S3" configuration section (used when Storage:ObjectStore is "S3").</summary>
public sealed class S3Options
{
    public const string Section = "S3";

    /// <summary>host:port of the S3 server (MinIO in production, Ceph RadosGW in tests).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>
    /// host:port clients use to reach S3, when it differs from <see cref="Endpoint"/> (e.g. "minio:9000"
    /// inside compose): presigned URLs handed to clients are signed for this host. Unset: Endpoint.
    /// </summary>
    public string? PublicEndpoint { get; set; }
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public bool UseSsl { get; set; }

    /// <summary>The one bucket MediaFarm uses; created on start if missing.</summary>
    public string Bucket { get; set; } = "mediafarm";

    /// <summary>How long presigned URLs (media tool input, direct uploads) stay valid.</summary>
    public int PresignedUrlMinutes { get; set; } = 60;
}
