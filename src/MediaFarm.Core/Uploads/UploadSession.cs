namespace MediaFarm.Core.Uploads;

public enum UploadStatus
{
    Open,
    Completed,
    Aborted,
}

/// <summary>A direct upload in progress: which asset it becomes, and how the client must cut the file.</summary>
public sealed record UploadSession
{
    public required Guid Id { get; init; }
    public required Guid AssetId { get; init; }
    public required string BackendUploadId { get; init; }
    public string? FileName { get; init; }
    public string? Title { get; init; }
    public bool Encrypt { get; init; }
    public Farm.HardwarePreference Hardware { get; init; }
    public long? DeclaredSize { get; init; }
    public required long PartSize { get; init; }
    public UploadStatus Status { get; init; } = UploadStatus.Open;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastActivityAt { get; init; }

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

    Task<bool> UpdateAsync(UploadSession session, CancellationToken ct);

    /// <summary>Open sessions with no activity since <paramref name="before"/>.</summary>
    Task<IReadOnlyList<UploadSession>> ListIdleAsync(DateTimeOffset before, CancellationToken ct);
}
