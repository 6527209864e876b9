using MediaFarm.Core.Farm;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;
using Microsoft.Extensions.Options;

namespace MediaFarm.Api.Ingest;

public sealed record StartUploadRequest(string? FileName, long? Size, string? Title, bool Encrypt = false, HardwarePreference Hardware = HardwarePreference.Auto);

public sealed record UploadState(UploadSession Session, IReadOnlyList<StoredPart> Parts);

/// <summary>A refusal the client can act on: the HTTP status and the reason.</summary>
public sealed class UploadRejectedException(int statusCode, string reason) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Direct, resumable uploads (as Mux and Cloudflare offer): start a session, get presigned part URLs,
/// see which parts arrived, complete — which creates the asset and starts its pipeline — or abort.
/// </summary>
public sealed class DirectUploadService(IDirectUploadStore store, IUploadSessionRepository sessions, IAssetRepository assets,
    IPipelineScheduler scheduler, IObjectStore objects, IOptions<IngestOptions> options, TimeProvider clock)
{
    public const int MaxPartsPerRequest = 100;
    public static readonly TimeSpan PartUrlLifetime = TimeSpan.FromHours(1);

    public async Task<UploadSession> StartAsync(StartUploadRequest request, CancellationToken ct)
    {
        long limit = options.Value.MaxUploadBytes;
        if (request.Size is { } size && (size <= 0 || size > limit))
            throw new UploadRejectedException(size <= 0 ? 400 : 413, size <= 0 ? "size must be positive." : $"The file is larger than the upload limit of {limit} bytes.");
        var assetId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var session = new UploadSession
        {
            Id = Guid.CreateVersion7(),
            AssetId = assetId,
            BackendUploadId = await store.StartAsync(ObjectKeys.Source(assetId), ct),
            FileName = request.FileName is null ? null : Path.GetFileName(request.FileName),
            Title = request.Title,
            Encrypt = request.Encrypt,
            Hardware = request.Hardware,
            DeclaredSize = request.Size,
            PartSize = UploadSession.PartSizeFor(request.Size),
            CreatedAt = now,
            LastActivityAt = now,
        };
        await sessions.CreateAsync(session, ct);
        return session;
    }

    public async Task<IReadOnlyList<PresignedPart>> PresignAsync(Guid id, IReadOnlyCollection<int> partNumbers, CancellationToken ct)
    {
        if (partNumbers.Count is 0 or > MaxPartsPerRequest)
            throw new UploadRejectedException(400, $"Ask for 1 to {MaxPartsPerRequest} part numbers at a time.");
        if (partNumbers.Any(n => n is < 1 or > UploadSession.MaxParts))
            throw new UploadRejectedException(400, $"Part numbers run from 1 to {UploadSession.MaxParts}.");
        var session = await OpenSessionAsync(id, ct);
        await sessions.UpdateAsync(session with { LastActivityAt = clock.GetUtcNow() }, ct);
        return await store.PresignPartsAsync(ObjectKeys.Source(session.AssetId), session.BackendUploadId, partNumbers.Distinct().Order().ToArray(), PartUrlLifetime, ct);
    }

    public async Task<UploadState> GetAsync(Guid id, CancellationToken ct)
    {
        var session = await sessions.GetAsync(id, ct) ?? throw new UploadRejectedException(404, "No such upload.");
        var parts = session.Status == UploadStatus.Open
            ? await store.ListPartsAsync(ObjectKeys.Source(session.AssetId), session.BackendUploadId, ct)
            : [];
        return new UploadState(session, parts);
    }

    /// <summary>Joins the parts into the source and starts the pipeline; calling it again returns the same asset.</summary>
    public async Task<Asset> CompleteAsync(Guid id, CancellationToken ct)
    {
        var session = await sessions.GetAsync(id, ct) ?? throw new UploadRejectedException(404, "No such upload.");
        if (await assets.GetAsync(session.AssetId, ct) is { } existing)
            return existing;
        if (session.Status != UploadStatus.Open)
            throw new UploadRejectedException(409, $"The upload is {session.Status.ToString().ToLowerInvariant()}.");

        string key = ObjectKeys.Source(session.AssetId);
        var parts = await store.ListPartsAsync(key, session.BackendUploadId, ct);
        if (parts.Count == 0)
            throw new UploadRejectedException(400, "No part has been uploaded yet.");
        long size = parts.Sum(p => p.Size);
        if (size > options.Value.MaxUploadBytes)
        {
            await AbortAsync(id, ct);
            throw new UploadRejectedException(413, $"The file is larger than the upload limit of {options.Value.MaxUploadBytes} bytes; the upload was aborted.");
        }
        await store.CompleteAsync(key, session.BackendUploadId, ct);

        var now = clock.GetUtcNow();
        var asset = Asset.New(session.AssetId, session.Title, session.FileName, size, session.Encrypt,
            session.Encrypt ? ContentKeys.Generate() : null, now) with { Hardware = session.Hardware };
        await assets.CreateAsync(asset, [AssetEvents.Uploaded(asset)], ct);
        await sessions.UpdateAsync(session with { Status = UploadStatus.Completed, LastActivityAt = now }, ct);
        scheduler.Enqueue(asset.Id, PipelineStage.Probe);
        return asset;
    }

    public async Task AbortAsync(Guid id, CancellationToken ct)
    {
        var session = await OpenSessionAsync(id, ct);
        await store.AbortAsync(ObjectKeys.Source(session.AssetId), session.BackendUploadId, ct);
        await objects.DeleteAsync(ObjectKeys.Source(session.AssetId), ct);
        await sessions.UpdateAsync(session with { Status = UploadStatus.Aborted, LastActivityAt = clock.GetUtcNow() }, ct);
    }

    private async Task<UploadSession> OpenSessionAsync(Guid id, CancellationToken ct)
    {
        var session = await sessions.GetAsync(id, ct) ?? throw new UploadRejectedException(404, "No such upload.");
        return session.Status == UploadStatus.Open
            ? session
            : throw new UploadRejectedException(409, $"The upload is {session.Status.ToString().ToLowerInvariant()}.");
    }
}
