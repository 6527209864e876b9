namespace MediaFarm.Core.Storage;

/// <summary>
/// Writes into the object store that a process started and never finished, because it was killed
/// mid-way: S3 multipart uploads neither completed nor aborted (S3 keeps, and bills, their parts
/// forever), or the embedded store's temporary files. The recurring sweep aborts the idle ones.
/// </summary>
public interface IIncompleteWrites
{
    /// <summary>Incomplete writes with no activity (no part, no byte written) since <paramref name="idleSince"/>.</summary>
    IAsyncEnumerable<IncompleteWrite> ListIdleAsync(DateTimeOffset idleSince, CancellationToken ct);

    /// <summary>Drops the write and what it stored; one that is gone already is not an error.</summary>
    Task AbortAsync(IncompleteWrite write, CancellationToken ct);
}

/// <param name="Key">The object the write was for.</param>
/// <param name="UploadId">The backend's id of the write (S3's upload id, or the temporary file's name).</param>
/// <param name="LastActivityAt">When it last made progress.</param>
public sealed record IncompleteWrite(string Key, string UploadId, DateTimeOffset LastActivityAt);
