namespace MediaFarm.Services.Cdn;

/// <summary>A warm-up or purge a CDN refused or could not be reached for; the message is the reason kept with the asset.</summary>
public sealed class CdnSyncException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One file to fetch through a CDN: its package path (for reasons and logs), its signed URL there, and
/// whether a 403 is an answer rather than a failure (a manifest capped below every rung of the asset).
/// </summary>
public sealed record WarmRequest(string Path, Uri Url, bool MayBeRefused = false);

/// <summary>How the publisher talks to one kind of CDN (<see cref="CdnEdgeOptions.Kind"/>); kinds are checked at start.</summary>
public interface ICdnEdgeClient
{
    string Kind { get; }

    /// <summary>Fetches each file through the CDN so it is cached there. Throws <see cref="CdnSyncException"/> with the reason.</summary>
    Task WarmAsync(CdnEdgeOptions edge, IReadOnlyList<WarmRequest> files, CancellationToken ct);

    /// <summary>
    /// Removes an asset's package files from the CDN's cache (the manifests in every per-cap variant).
    /// Not cached is fine. Throws <see cref="CdnSyncException"/> with the reason.
    /// </summary>
    Task PurgeAsync(CdnEdgeOptions edge, Guid assetId, IReadOnlyList<string> files, IReadOnlyList<int> manifestCaps, CancellationToken ct);
}
