namespace MediaFarm.Core.Uploads;

/// <summary>
/// Resumable direct uploads: the client sends parts straight to storage through presigned URLs, the API
/// never touches the bytes. S3 multipart uploads (server) or part files behind signed API URLs (embedded).
/// </summary>
public interface IDirectUploadStore
{
    /// <summary>Starts a multipart upload for <paramref name="key"/>; returns the backend's upload id.</summary>
    Task<string> StartAsync(string key, CancellationToken ct);

    /// <summary>Presigned PUT URLs, one per part; relative URLs are relative to the API.</summary>
    Task<IReadOnlyList<PresignedPart>> PresignPartsAsync(string key, string uploadId, IReadOnlyCollection<int> partNumbers, TimeSpan expiry, CancellationToken ct);

    /// <summary>The parts stored so far, in part order: what a client resumes from. <see cref="UploadGoneException"/> when the upload was aborted or completed.</summary>
    Task<IReadOnlyList<StoredPart>> ListPartsAsync(string key, string uploadId, CancellationToken ct);

    /// <summary>
    /// Joins the stored parts into the object; returns its size. <see cref="UploadGoneException"/> when the
    /// upload is no more; <see cref="InvalidDataException"/> (with the reason) when storage refuses the parts.
    /// </summary>
    Task<long> CompleteAsync(string key, string uploadId, CancellationToken ct);

    /// <summary>Drops the upload and every stored part. Aborting an unknown upload is not an error.</summary>
    Task AbortAsync(string key, string uploadId, CancellationToken ct);
}

public sealed record PresignedPart(int PartNumber, string Url, DateTimeOffset ExpiresAt);

public sealed record StoredPart(int PartNumber, long Size, string ETag, DateTimeOffset LastModified);

/// <summary>The backend has no such upload any more: it was aborted or completed (S3's NoSuchUpload).</summary>
public sealed class UploadGoneException(string message, Exception? inner = null) : Exception(message, inner);
