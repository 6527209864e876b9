namespace MediaFarm.Core.Storage;

/// <summary>
/// Where sources and outputs live: a folder (embedded) or an S3 bucket (server). Keys are derived from
/// server-generated ids and use '/' as separator.
/// </summary>
public interface IObjectStore
{
    /// <summary>Streams <paramref name="content"/> into the store without buffering it whole. Returns the bytes written.</summary>
    Task<long> PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default);

    /// <summary>Opens an object for reading; null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>Reads <paramref name="length"/> bytes (or to the end) from <paramref name="offset"/>; null when the object does not exist.</summary>
    Task<Stream?> OpenReadRangeAsync(string key, long offset, long? length, CancellationToken ct = default);

    Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default);

    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct = default);

    Task DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>Deletes every object under <paramref name="prefix"/>; returns how many were removed.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Copies an object to another key inside the store, replacing what is there; on S3 the server copies it
    /// (one request, no bytes through this process). Objects up to 5 GiB (S3's single-copy limit).
    /// </summary>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct = default);

    /// <summary>Copies an object into a local file (the media tools work on local files).</summary>
    Task DownloadToFileAsync(string key, string path, CancellationToken ct = default);

    /// <summary>Stores a local file under <paramref name="key"/>.</summary>
    Task UploadFileAsync(string key, string path, CancellationToken ct = default);

    /// <summary>
    /// A location ffprobe/ffmpeg can read directly without copying the object first: a local path for the
    /// embedded store, a short-lived presigned URL for S3.
    /// </summary>
    Task<string> GetMediaToolInputAsync(string key, CancellationToken ct = default);
}

public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);
