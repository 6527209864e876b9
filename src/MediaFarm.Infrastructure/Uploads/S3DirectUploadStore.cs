using Amazon.S3;
using Amazon.S3.Model;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;
using MediaFarm.Infrastructure.Storage.S3;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure.Uploads;

/// <summary>
/// Direct uploads as real S3 multipart uploads with presigned part URLs. The Minio .NET SDK (used for
/// everything else) exposes no multipart primitives nor presigned part URLs, so this one piece uses the
/// AWS SDK against the same server and bucket.
/// </summary>
public sealed class S3DirectUploadStore(AmazonS3Client client, IOptions<S3Options> options) : IDirectUploadStore
{
    private readonly AmazonS3Client _client = client;
    private readonly S3Options _options = options.Value;
    // Part URLs go to clients: signed for the host they reach S3 at (presigning is local, no request).
    private readonly AmazonS3Client _presigner = S3Clients.Aws(options.Value, forClients: true);

    public async Task<string> StartAsync(string key, CancellationToken ct)
    {
        ObjectKeys.Validate(key);
        var response = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key }, ct);
        return response.UploadId;
    }

    public async Task<IReadOnlyList<PresignedPart>> PresignPartsAsync(string key, string uploadId, IReadOnlyCollection<int> partNumbers, TimeSpan expiry, CancellationToken ct)
    {
        var expires = DateTimeOffset.UtcNow.Add(expiry);
        var parts = new List<PresignedPart>();
        foreach (int n in partNumbers)
        {
            string url = await _presigner.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                Verb = HttpVerb.PUT,
                UploadId = uploadId,
                PartNumber = n,
                Expires = expires.UtcDateTime,
                Protocol = _options.UseSsl ? Protocol.HTTPS : Protocol.HTTP,
            });
            parts.Add(new PresignedPart(n, url, expires));
        }
        return parts;
    }

    public async Task<IReadOnlyList<StoredPart>> ListPartsAsync(string key, string uploadId, CancellationToken ct)
    {
        var parts = new List<StoredPart>();
        int? marker = null;
        do
        {
            var page = await Gone(() => _client.ListPartsAsync(new ListPartsRequest
            {
                BucketName = _options.Bucket, Key = key, UploadId = uploadId, PartNumberMarker = marker?.ToString(),
            }, ct));
            parts.AddRange((page.Parts ?? []).Select(p => new StoredPart(p.PartNumber ?? 0, p.Size ?? 0, p.ETag, p.LastModified ?? DateTime.UtcNow)));
            marker = page.IsTruncated == true ? page.NextPartNumberMarker : null;
        }
        while (marker is not null);
        return parts.OrderBy(p => p.PartNumber).ToArray();
    }

    public async Task<long> CompleteAsync(string key, string uploadId, CancellationToken ct)
    {
        var parts = await ListPartsAsync(key, uploadId, ct);
        if (parts.Count == 0)
            throw new InvalidOperationException("No part was uploaded.");
        try
        {
            await Gone(() => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts.Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
            }, ct));
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "EntityTooSmall" or "InvalidPart" or "InvalidPartOrder")
        {
            throw new InvalidDataException(e.ErrorCode == "EntityTooSmall"
                ? $"Every part but the last must hold at least {UploadSession.MinPartSize} bytes."
                : $"Storage refused the parts: {e.Message}", e);
        }
        return parts.Sum(p => p.Size);
    }

    public async Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key, UploadId = uploadId }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // already gone
        }
    }

    /// <summary>S3 answers NoSuchUpload (404) for an upload that was aborted or completed meanwhile.</summary>
    private static async Task<T> Gone<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload" || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new UploadGoneException("The upload does not exist or was aborted.", e);
        }
    }
}
