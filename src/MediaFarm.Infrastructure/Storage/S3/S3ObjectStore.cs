using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using MediaFarm.Core.Storage;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>
/// The server object store: one S3 bucket (MinIO in production, Ceph RadosGW in tests) through the
/// Minio SDK. Reads go through presigned GET URLs read with HttpClient: they stream, and they take a
/// Range header — Minio 7.0.0 treats the server's correct 206 as an error (minio-dotnet #1342).
/// Streams of unknown length are uploaded as S3 multipart uploads from one pooled 8 MiB buffer (AWS
/// SDK): Minio's own streaming put was measured to grow a process by 280 MB per GiB uploaded.
/// </summary>
public sealed class S3ObjectStore(IMinioClient minio, AmazonS3Client aws, IOptions<S3Options> options, IHttpClientFactory httpClients) : IObjectStore
{
    private const int DeleteBatch = 1000;
    private const int PartSize = 8 * 1024 * 1024;
    private string Bucket => options.Value.Bucket;
    private int PresignSeconds => options.Value.PresignedUrlMinutes * 60;

    public async Task<long> PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default)
    {
        ObjectKeys.Validate(key);
        var start = await aws.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket, Key = key, ContentType = contentType ?? ContentTypes.For(key),
        }, ct);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            while (true)
            {
                int filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct);
                if (filled == 0 && parts.Count > 0)
                    break;
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var part = await aws.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket, Key = key, UploadId = start.UploadId, PartNumber = parts.Count + 1, InputStream = body, PartSize = filled,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                total += filled;
                if (filled < PartSize)
                    break;
            }
            await aws.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket, Key = key, UploadId = start.UploadId, PartETags = parts,
            }, ct);
            return total;
        }
        catch
        {
            // Nothing half-written stays behind (S3 would keep, and bill, the parts).
            await aws.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = start.UploadId }, CancellationToken.None);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default) => OpenAsync(key, null, ct);

    public Task<Stream?> OpenReadRangeAsync(string key, long offset, long? length, CancellationToken ct = default) =>
        OpenAsync(key, new RangeHeaderValue(offset, length is { } n ? offset + n - 1 : null), ct);

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        ObjectKeys.Validate(key);
        try
        {
            var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(Bucket).WithObject(key), ct);
            return new ObjectInfo(key, stat.Size, new DateTimeOffset(DateTime.SpecifyKind(stat.LastModified, DateTimeKind.Utc)));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var items = minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(true), ct);
        await foreach (var item in items.WithCancellation(ct))
        {
            if (!item.IsDir)
                yield return new ObjectInfo(item.Key, (long)item.Size, item.LastModifiedDateTime is { } m ? new DateTimeOffset(DateTime.SpecifyKind(m, DateTimeKind.Utc)) : default);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        ObjectKeys.Validate(key);
        await minio.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key), ct);
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        var keys = new List<string>();
        await foreach (var item in ListAsync(prefix, ct))
            keys.Add(item.Key);
        foreach (var batch in keys.Chunk(DeleteBatch))
        {
            var errors = await minio.RemoveObjectsAsync(new RemoveObjectsArgs().WithBucket(Bucket).WithObjects(batch.ToList()), ct);
            if (errors.Count > 0)
                throw new IOException($"Deleting under '{prefix}' failed for {errors.Count} object(s), e.g. {errors[0].Key}: {errors[0].Message}");
        }
        return keys.Count;
    }

    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct = default)
    {
        ObjectKeys.Validate(sourceKey);
        ObjectKeys.Validate(destinationKey);
        try
        {
            await aws.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket, SourceKey = sourceKey, DestinationBucket = Bucket, DestinationKey = destinationKey,
                ContentType = ContentTypes.For(destinationKey), MetadataDirective = S3MetadataDirective.REPLACE,
            }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"Object '{sourceKey}' does not exist.", sourceKey, e);
        }
    }

    public async Task DownloadToFileAsync(string key, string path, CancellationToken ct = default)
    {
        await using var source = await OpenReadAsync(key, ct) ?? throw new FileNotFoundException($"Object '{key}' does not exist.", key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await source.CopyToAsync(file, 1 << 20, ct);
    }

    public async Task UploadFileAsync(string key, string path, CancellationToken ct = default)
    {
        ObjectKeys.Validate(key);
        long size = new FileInfo(path).Length;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await minio.PutObjectAsync(new PutObjectArgs().WithBucket(Bucket).WithObject(key)
            .WithStreamData(file).WithObjectSize(size).WithContentType(ContentTypes.For(key)), ct);
    }

    public async Task<string> GetMediaToolInputAsync(string key, CancellationToken ct = default)
    {
        if (await StatAsync(key, ct) is null)
            throw new FileNotFoundException($"Object '{key}' does not exist.", key);
        return await PresignGetAsync(key);
    }

    private Task<string> PresignGetAsync(string key) =>
        minio.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(Bucket).WithObject(key).WithExpiry(PresignSeconds));

    private async Task<Stream?> OpenAsync(string key, RangeHeaderValue? range, CancellationToken ct)
    {
        ObjectKeys.Validate(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, await PresignGetAsync(key));
        request.Headers.Range = range;
        var response = await httpClients.CreateClient(nameof(S3ObjectStore)).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            response.Dispose();
            return new MemoryStream([], writable: false);
        }
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new IOException($"GET '{key}' answered {(int)response.StatusCode}: {body}");
        }
        return new ResponseStream(await response.Content.ReadAsStreamAsync(ct), response);
    }
}
