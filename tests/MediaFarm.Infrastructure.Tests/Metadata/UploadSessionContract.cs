using MediaFarm.Core.Uploads;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Infrastructure.Tests.Metadata;

/// <summary>Upload sessions: every write is a compare-and-swap on the version read, so racing writers cannot both win.</summary>
public abstract partial class MetadataContract
{
    private static UploadSession NewSession(DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        AssetId = Guid.CreateVersion7(at),
        BackendUploadId = $"backend-{Guid.NewGuid():N}",
        PartSize = UploadSession.DefaultPartSize,
        CreatedAt = at,
        LastActivityAt = at,
    };

    [Fact]
    public async Task Of_two_writers_of_one_upload_session_version_only_the_first_wins()
    {
        var (db, _, _) = await FreshAsync();
        var sessions = new UploadSessionRepository(db);
        var created = NewSession(T0);
        await sessions.CreateAsync(created, default);

        var read = (await sessions.GetAsync(created.Id, default))!;
        var aborting = await sessions.TryUpdateAsync(read with { Status = UploadStatus.Aborting }, default);
        var touched = await sessions.TryUpdateAsync(read with { LastActivityAt = T0.AddMinutes(1) }, default);

        Assert.NotNull(aborting);
        Assert.Null(touched); // read before the abort was written: it must not put the session back to open
        var stored = (await sessions.GetAsync(created.Id, default))!;
        Assert.Equal(UploadStatus.Aborting, stored.Status);
        Assert.Equal(read.Version + 1, stored.Version);
        Assert.NotNull(await sessions.TryUpdateAsync(stored with { Status = UploadStatus.Aborted }, default));
    }

    [Fact]
    public async Task The_sweep_sees_idle_open_and_stuck_aborting_sessions_and_live_ones_keep_their_backend_uploads()
    {
        var (db, _, _) = await FreshAsync();
        var sessions = new UploadSessionRepository(db);
        var byStatus = new Dictionary<UploadStatus, UploadSession>();
        foreach (var status in Enum.GetValues<UploadStatus>())
        {
            var s = NewSession(T0);
            await sessions.CreateAsync(s, default);
            byStatus[status] = status == UploadStatus.Open ? s : (await sessions.TryUpdateAsync(s with { Status = status }, default))!;
        }
        var recent = NewSession(T0.AddHours(2));
        await sessions.CreateAsync(recent, default);

        var idle = await sessions.ListIdleAsync(T0.AddHours(1), default);
        Assert.Equal(new[] { byStatus[UploadStatus.Open].Id, byStatus[UploadStatus.Aborting].Id }.Order(), idle.Select(s => s.Id).Order());
        Assert.All(idle, s => Assert.Equal(byStatus[s.Status].Version, s.Version));

        var live = await sessions.ListLiveBackendUploadIdsAsync(default);
        Assert.Equal(new[] { byStatus[UploadStatus.Open], byStatus[UploadStatus.Completing], recent }.Select(s => s.BackendUploadId).Order(), live.Order());
    }
}
