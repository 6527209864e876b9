using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using MediaFarm.Core.Storage;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>
/// The bucket's multipart uploads that were never completed nor aborted: a streaming put whose process
/// was killed, or a direct upload nobody finished. Listed with the AWS SDK (Minio 7 has no such call).
/// A lifecycle rule (AbortIncompleteMultipartUpload) is not used: it cannot spare the live direct uploads
/// (also multipart uploads), and RadosGW applies rules only in its nightly work window by default.
/// </summary>
public sealed class S3IncompleteWrites(AmazonS3Client aws, IOptions<S3Options> options) : IIncompleteWrites
{
    private string Bucket => options.Value.Bucket;

    public async IAsyncEnumerable<IncompleteWrite> ListIdleAsync(DateTimeOffset idleSince, [EnumeratorCancellation] CancellationToken ct)
    {
        string? keyMarker = null, uploadIdMarker = null;
        do
        {
            var page = await aws.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = Bucket, KeyMarker = keyMarker, UploadIdMarker = uploadIdMarker,
            }, ct);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                var initiated = Utc(upload.Initiated);
                if (initiated >= idleSince)
                    continue;
                // A long streaming put started long ago may still be sending parts: its newest part counts.
                var lastPart = await NewestPartAsync(upload.Key, upload.UploadId, ct);
                var lastActivity = lastPart is { } p && p > initiated ? p : initiated;
                if (lastActivity < idleSince)
                    yield return new IncompleteWrite(upload.Key, upload.UploadId, lastActivity);
            }
            bool more = page.IsTruncated == true;
            keyMarker = more ? page.NextKeyMarker : null;
            uploadIdMarker = more ? page.NextUploadIdMarker : null;
        }
        while (keyMarker is not null);
    }

    public async Task AbortAsync(IncompleteWrite write, CancellationToken ct)
    {
        try
        {
            await aws.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = write.Key, UploadId = write.UploadId }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // completed or aborted meanwhile
        }
    }

    private async Task<DateTimeOffset?> NewestPartAsync(string key, string uploadId, CancellationToken ct)
    {
        DateTimeOffset? newest = null;
        string? marker = null;
        try
        {
            do
            {
                var page = await aws.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartNumberMarker = marker }, ct);
                foreach (var part in page.Parts ?? [])
                {
                    var modified = Utc(part.LastModified);
                    if (newest is null || modified > newest)
                        newest = modified;
                }
                marker = page.IsTruncated == true ? page.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            while (marker is not null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // finished between the two listings
        }
        return newest;
    }

    private static DateTimeOffset Utc(DateTime? time) => time switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Local } t => t.ToUniversalTime(),
        { } t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
    };
}
