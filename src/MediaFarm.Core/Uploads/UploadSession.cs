namespace MediaFarm.Core.Uploads;

/// <summary>
/// open → completing → completed, or open → aborting → aborted. The middle states are taken (by a
/// version compare-and-swap) before storage is touched, so no reader ever sees an open session whose
/// parts are being joined or deleted.
/// </summary>
public enum UploadStatus
{
    Open,
    Completed,
    Aborted,
    Completing,
    Aborting,
}

/// <summary>A direct upload in progress: which asset it becomes, and how the client must cut the file.</summary>
public sealed record UploadSession
{
    public required Guid Id { get; init; }
    public required Guid AssetId { get; init; }
    public required string BackendUploadId { get; init; }
    public string? FileName { get; init; }
    public string? Title { get; init; }
    /// <summary>The account that started it: only it (and admins) may continue, complete or abort it.</summary>
    public Guid? OwnerId { get; init; }
    public bool Encrypt { get; init; }
    public Farm.HardwarePreference Hardware { get; init; }
    public long? DeclaredSize { get; init; }
    public required long PartSize { get; init; }
    public UploadStatus Status { get; init; } = UploadStatus.Open;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastActivityAt { get; init; }

    /// <summary>The row's version when it was read: a write succeeds only if nobody wrote in between.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Version { get; init; }

    /// <summary>"open", "aborting", … as clients see it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string StatusName => Status.ToString().ToLowerInvariant();

    public const long MinPartSize = 5L * 1024 * 1024;
    public const long DefaultPartSize = 8L * 1024 * 1024;
    public const int MaxParts = 10_000;

    /// <summary>8 MiB parts, larger when the file would otherwise need more than S3's 10,000 parts.</summary>
    public static long PartSizeFor(long? declaredSize)
    {
        if (declaredSize is not { } size || size <= DefaultPartSize * MaxParts)
            return DefaultPartSize;
        long perPart = (size + MaxParts - 1) / MaxParts;
        const long MiB = 1024 * 1024;
        return (perPart + MiB - 1) / MiB * MiB;
    }
}

/// <summary>Upload sessions in the metadata database.</summary>
public interface IUploadSessionRepository
{
    Task CreateAsync(UploadSession session, CancellationToken ct);

    Task<UploadSession?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Writes the session if its row still has <see cref="UploadSession.Version"/> (nobody wrote since it
    /// was read); returns it as stored, with its new version, or null when another writer came first.
    /// </summary>
    Task<UploadSession?> TryUpdateAsync(UploadSession session, CancellationToken ct);

    /// <summary>
    /// Open sessions with no activity since <paramref name="before"/>, and aborting ones whose abort
    /// stopped half way (their process died) since then.
    /// </summary>
    Task<IReadOnlyList<UploadSession>> ListIdleAsync(DateTimeOffset before, CancellationToken ct);

    /// <summary>The backend upload ids of sessions a client may still send parts to or complete.</summary>
    Task<IReadOnlySet<string>> ListLiveBackendUploadIdsAsync(CancellationToken ct);
}
