using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using MediaFarm.Core.Storage;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>
/// The server object store: one S3 bucket (MinIO in production, Ceph RadosGW in tests) through the
/// Minio SDK. Reads go through presigned GET URLs read with HttpClient: they stream, and they take a
/// Range header — Minio 7.0.0 treats the server's correct 206 as an error (minio-dotnet #1342).
/// </summary>
public sealed class S3ObjectStore(IMinioClient minio, IOptions<S3Options> options, IHttpClientFactory httpClients) : IObjectStore
{
    private const int DeleteBatch = 1000;
    private string Bucket => options.Value.Bucket;
    private int PresignSeconds => options.Value.PresignedUrlMinutes * 60;

    public async Task<long> PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default)
    {
        ObjectKeys.Validate(key);
        // Unknown length: Minio uploads 5 MiB parts as they fill, never the whole object at once.
        var counting = new CountingReadStream(content);
        await minio.PutObjectAsync(new PutObjectArgs().WithBucket(Bucket).WithObject(key)
            .WithStreamData(counting).WithObjectSize(-1).WithContentType(contentType ?? "application/octet-stream"), ct);
        return counting.BytesRead;
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
