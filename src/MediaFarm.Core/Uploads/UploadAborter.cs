using MediaFarm.Core.Storage;

namespace MediaFarm.Core.Uploads;

/// <summary>
/// Aborting a direct upload, shared by DELETE /v1/uploads/{id} and the idle sweep. The session is marked
/// aborting first (a version compare-and-swap, so a racing complete or part request loses cleanly), then
/// its parts are dropped, then it is marked aborted. A reader in between sees "aborting", never an open
/// session whose files are gone; an abort that died half way stays "aborting" and the sweep finishes it.
/// </summary>
public sealed class UploadAborter(IUploadSessionRepository sessions, IDirectUploadStore store, IObjectStore objects, TimeProvider clock)
{
    /// <summary>
    /// Aborts <paramref name="seen"/> as read (open, aborting, or completing when the caller is the one
    /// completing it). Returns the session as it ends up, or null when another writer changed it since it
    /// was read: the caller reads it again and decides anew.
    /// </summary>
    public async Task<UploadSession?> AbortAsync(UploadSession seen, CancellationToken ct)
    {
        if (seen.Status is UploadStatus.Aborted or UploadStatus.Completed)
            return seen;
        var marked = seen.Status == UploadStatus.Aborting
            ? seen
            : await sessions.TryUpdateAsync(seen with { Status = UploadStatus.Aborting, LastActivityAt = clock.GetUtcNow() }, ct);
        if (marked is null)
            return null;

        string key = ObjectKeys.Source(marked.AssetId);
        await store.AbortAsync(key, marked.BackendUploadId, ct);
        // Nothing was completed from an aborting session, so any source under its key is a leftover.
        await objects.DeleteAsync(key, ct);

        return await sessions.TryUpdateAsync(marked with { Status = UploadStatus.Aborted, LastActivityAt = clock.GetUtcNow() }, ct)
            ?? await sessions.GetAsync(marked.Id, ct); // a concurrent finisher of the same abort wrote first
    }
}
