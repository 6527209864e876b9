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
    IPipelineScheduler scheduler, IObjectStore objects, UploadAborter aborter, IOptions<IngestOptions> options, TimeProvider clock)
{
    public const int MaxPartsPerRequest = 100;
    public static readonly TimeSpan PartUrlLifetime = TimeSpan.FromHours(1);

    public async Task<UploadSession> StartAsync(StartUploadRequest request, Guid owner, CancellationToken ct)
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
            OwnerId = owner,
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
        var session = await UntilWrittenAsync(id, s => s.Status == UploadStatus.Open
            ? s with { LastActivityAt = clock.GetUtcNow() }
            : throw NotOpen(s), ct);
        try
        {
            return await store.PresignPartsAsync(ObjectKeys.Source(session.AssetId), session.BackendUploadId, partNumbers.Distinct().Order().ToArray(), PartUrlLifetime, ct);
        }
        catch (UploadGoneException)
        {
            throw await GoneAsync(id, ct);
        }
    }

    public async Task<UploadState> GetAsync(Guid id, CancellationToken ct)
    {
        var session = await GetSessionAsync(id, ct);
        if (session.Status != UploadStatus.Open)
            return new UploadState(session, []);
        try
        {
            return new UploadState(session, await store.ListPartsAsync(ObjectKeys.Source(session.AssetId), session.BackendUploadId, ct));
        }
        catch (UploadGoneException)
        {
            // Aborted or completed since we read it: answer the state it is in now.
            var now = await GetSessionAsync(id, ct);
            return now.Status != UploadStatus.Open ? new UploadState(now, []) : throw await GoneAsync(id, ct);
        }
    }

    /// <summary>
    /// Joins the parts into the source and starts the pipeline; calling it again returns the same asset.
    /// The session is taken to "completing" first, so an abort or the sweep cannot drop the parts meanwhile.
    /// </summary>
    public async Task<Asset> CompleteAsync(Guid id, CancellationToken ct)
    {
        var seen = await GetSessionAsync(id, ct);
        if (await assets.GetAsync(seen.AssetId, ct) is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        var session = await UntilWrittenAsync(id, s => s.Status switch
        {
            UploadStatus.Open => s with { Status = UploadStatus.Completing, LastActivityAt = now },
            // A completion whose process died: whoever asks again after the lease takes it over.
            UploadStatus.Completing when now - s.LastActivityAt > CompletionLease => s with { LastActivityAt = now },
            UploadStatus.Completing => throw new UploadRejectedException(409, "The upload is being completed; ask again in a moment."),
            _ => throw NotOpen(s),
        }, ct);

        string key = ObjectKeys.Source(session.AssetId);
        long size;
        try
        {
            var parts = await store.ListPartsAsync(key, session.BackendUploadId, ct);
            if (parts.Count == 0)
            {
                await sessions.TryUpdateAsync(session with { Status = UploadStatus.Open }, ct);
                throw new UploadRejectedException(400, "No part has been uploaded yet.");
            }
            size = parts.Sum(p => p.Size);
            if (size > options.Value.MaxUploadBytes)
            {
                await aborter.AbortAsync(session, ct);
                throw new UploadRejectedException(413, $"The file is larger than the upload limit of {options.Value.MaxUploadBytes} bytes; the upload was aborted.");
            }
            await store.CompleteAsync(key, session.BackendUploadId, ct);
        }
        catch (InvalidDataException e)
        {
            // Storage refused the parts (S3: all but the last at least 5 MiB): the client may send them again.
            await sessions.TryUpdateAsync(session with { Status = UploadStatus.Open }, ct);
            throw new UploadRejectedException(400, e.Message);
        }
        catch (UploadGoneException)
        {
            // Taken over from a completion that died after joining the parts: the source is there.
            if (await objects.StatAsync(key, ct) is not { } source)
            {
                await aborter.AbortAsync(session, ct);
                throw new UploadRejectedException(409, "The upload's parts are gone from storage; start a new upload.");
            }
            size = source.Size;
        }

        var asset = Asset.New(session.AssetId, session.Title, session.FileName, size, session.Encrypt,
            session.Encrypt ? ContentKeys.Generate() : null, clock.GetUtcNow()) with { Hardware = session.Hardware, OwnerId = session.OwnerId };
        await assets.CreateAsync(asset, [AssetEvents.Uploaded(asset)], ct);
        await sessions.TryUpdateAsync(session with { Status = UploadStatus.Completed, LastActivityAt = clock.GetUtcNow() }, ct);
        scheduler.Enqueue(asset.Id, PipelineStage.Probe);
        return asset;
    }

    /// <summary>Aborts an open upload; aborting one that is aborted (or being aborted) again is harmless.</summary>
    public async Task AbortAsync(Guid id, CancellationToken ct)
    {
        for (int attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var session = await GetSessionAsync(id, ct);
            if (session.Status is UploadStatus.Completing or UploadStatus.Completed)
                throw NotOpen(session);
            if (await aborter.AbortAsync(session, ct) is not null)
                return;
        }
        throw Busy();
    }

    /// <summary>A completion idle for longer than this is taken to have died with its process.</summary>
    public static readonly TimeSpan CompletionLease = TimeSpan.FromMinutes(10);

    private const int MaxWriteAttempts = 8;

    /// <summary>Reads the session, lets <paramref name="change"/> decide (or refuse), writes it if nobody wrote meanwhile; else again.</summary>
    private async Task<UploadSession> UntilWrittenAsync(Guid id, Func<UploadSession, UploadSession> change, CancellationToken ct)
    {
        for (int attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            if (await sessions.TryUpdateAsync(change(await GetSessionAsync(id, ct)), ct) is { } written)
                return written;
        }
        throw Busy();
    }

    /// <summary>
    /// Refuses a caller who does not own the upload with the answer an unknown one gets (404), so ids of
    /// other accounts' uploads reveal nothing. The owner never changes, so checking first is race-free.
    /// </summary>
    public async Task EnsureAccessAsync(Guid id, Guid caller, bool isAdmin, CancellationToken ct)
    {
        var session = await GetSessionAsync(id, ct);
        if (!isAdmin && session.OwnerId != caller)
            throw new UploadRejectedException(404, "No such upload.");
    }

    private async Task<UploadSession> GetSessionAsync(Guid id, CancellationToken ct) =>
        await sessions.GetAsync(id, ct) ?? throw new UploadRejectedException(404, "No such upload.");

    /// <summary>Storage has no such upload: say why, from the session's state now.</summary>
    private async Task<UploadRejectedException> GoneAsync(Guid id, CancellationToken ct)
    {
        var session = await GetSessionAsync(id, ct);
        return session.Status != UploadStatus.Open
            ? NotOpen(session)
            : new UploadRejectedException(409, "The upload's parts are gone from storage; start a new upload.");
    }

    private static UploadRejectedException NotOpen(UploadSession session) =>
        new(409, $"The upload is {session.StatusName}.");

    private static UploadRejectedException Busy() =>
        new(409, "The upload is being changed by another request; try again.");
}
