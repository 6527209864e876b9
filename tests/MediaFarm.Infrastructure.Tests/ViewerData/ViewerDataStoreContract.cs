using MediaFarm.Core.ViewerData;

namespace MediaFarm.Infrastructure.Tests.ViewerData;

/// <summary>
/// What the hot viewer-data store must do on every backend: the metadata database (SQLite here, PostgreSQL
/// in the distributed tests) and Redis Cluster (distributed tests): sessions that expire, heartbeats that
/// move the resume point and continue-watching, completion at 90 %, the newest point winning, counters.
/// </summary>
public abstract class ViewerDataStoreContract
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>A store nobody else writes to for these users.</summary>
    protected abstract Task<IViewerDataStore> CreateStoreAsync();

    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static PlaybackSession Session(Guid user, Guid title) => new(Guid.NewGuid(), user, title, Now, 0, "720p", Now);

    [Fact]
    public async Task A_session_reads_back_and_expires_with_its_ttl()
    {
        var store = await CreateStoreAsync();
        var session = Session(Guid.NewGuid(), Guid.NewGuid());
        await store.StartSessionAsync(session, TimeSpan.FromMilliseconds(600), default);
        Assert.Equal(session, await store.GetSessionAsync(session.UserId, session.SessionId, default));
        Assert.Null(await store.GetSessionAsync(Guid.NewGuid(), session.SessionId, default)); // another user's id
        await Task.Delay(1200);
        Assert.Null(await store.GetSessionAsync(session.UserId, session.SessionId, default));
        Assert.False(await store.HeartbeatAsync(new ViewerHeartbeat(session.UserId, session.SessionId, 5, 100, "720p", Now), Hour, default));
    }

    [Fact]
    public async Task Heartbeats_move_the_session_the_resume_point_continue_watching_and_the_counter()
    {
        var store = await CreateStoreAsync();
        Guid user = Guid.NewGuid(), title = Guid.NewGuid();
        var session = Session(user, title);
        await store.StartSessionAsync(session, Hour, default);
        var at = Now.AddSeconds(1);
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 42.5, 100, "1080p", at), Hour, default));

        var moved = (await store.GetSessionAsync(user, session.SessionId, default))!;
        Assert.Equal((42.5, "1080p", at), (moved.PositionSeconds, moved.Rendition, moved.LastHeartbeatAt));
        Assert.Equal(new ResumePoint(title, 42.5, 100, false, at), await store.GetResumeAsync(user, title, default));
        Assert.Equal([title], (await store.ContinueWatchingAsync(user, 10, default)).Select(p => p.TitleId));
        Assert.Equal(1, (await store.CountersAsync(user, default))[ViewerDataRules.HeartbeatsCounter]);

        // At 90 % the title is watched: it leaves continue-watching, its resume point says completed.
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 90, 100, "1080p", at.AddSeconds(1)), Hour, default));
        Assert.True((await store.GetResumeAsync(user, title, default))!.Completed);
        Assert.Empty(await store.ContinueWatchingAsync(user, 10, default));
        Assert.Equal(2, (await store.CountersAsync(user, default))[ViewerDataRules.HeartbeatsCounter]);
    }

    [Fact]
    public async Task A_session_keeps_its_cdn_and_country_and_numbered_heartbeats_apply_in_order_only()
    {
        var store = await CreateStoreAsync();
        Guid user = Guid.NewGuid(), title = Guid.NewGuid();
        var session = Session(user, title) with { Cdn = "edge-eu", Country = "FR" };
        await store.StartSessionAsync(session, Hour, default);
        Assert.Equal(session, await store.GetSessionAsync(user, session.SessionId, default));

        var at = Now.AddSeconds(1);
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 10, 100, "720p", at, Seq: 0), Hour, default));
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 30, 100, "720p", at.AddSeconds(2), Seq: 2), Hour, default));
        // Seq 1 arrives late, seq 2 twice: both known to the session (true), neither moves anything back.
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 20, 100, "480p", at.AddSeconds(3), Seq: 1), Hour, default));
        Assert.True(await store.HeartbeatAsync(new ViewerHeartbeat(user, session.SessionId, 30, 100, "480p", at.AddSeconds(4), Seq: 2), Hour, default));
        var moved = (await store.GetSessionAsync(user, session.SessionId, default))!;
        Assert.Equal((30.0, "720p", at.AddSeconds(2), "edge-eu", "FR"), (moved.PositionSeconds, moved.Rendition, moved.LastHeartbeatAt, moved.Cdn, moved.Country));
        Assert.Equal(30, (await store.GetResumeAsync(user, title, default))!.PositionSeconds);
        Assert.Equal(2, (await store.CountersAsync(user, default))[ViewerDataRules.HeartbeatsCounter]);
        Assert.False(await store.HeartbeatAsync(new ViewerHeartbeat(user, Guid.NewGuid(), 1, 100, null, at, Seq: 5), Hour, default));
    }

    [Fact]
    public async Task Continue_watching_is_newest_first_capped_and_a_late_older_point_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var user = Guid.NewGuid();
        var titles = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var t0 = Now;
        for (int i = 0; i < titles.Count; i++)
            await store.SaveResumeAsync(user, ViewerDataRules.Resume(titles[i], 10 + i, 100, t0.AddSeconds(i)), default);
        Assert.Equal(titles.AsEnumerable().Reverse().Take(3), (await store.ContinueWatchingAsync(user, 3, default)).Select(p => p.TitleId));

        await store.SaveResumeAsync(user, ViewerDataRules.Resume(titles[4], 1, 100, t0.AddSeconds(-10)), default); // older: ignored
        Assert.Equal(14, (await store.GetResumeAsync(user, titles[4], default))!.PositionSeconds);
        await store.SaveResumeAsync(user, ViewerDataRules.Resume(titles[0], 20, 100, t0.AddSeconds(10)), default); // newer: moves up
        Assert.Equal(titles[0], (await store.ContinueWatchingAsync(user, 3, default))[0].TitleId);
        Assert.Empty(await store.ContinueWatchingAsync(Guid.NewGuid(), 3, default));
        Assert.Null(await store.GetResumeAsync(user, Guid.NewGuid(), default));
    }

    [Fact]
    public async Task Counters_add_up_per_user_under_concurrency()
    {
        var store = await CreateStoreAsync();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.IncrementAsync(i % 2 == 0 ? a : b, "plays", 2, default)));
        Assert.Equal(50, (await store.CountersAsync(a, default))["plays"]);
        Assert.Equal(51, await store.IncrementAsync(b, "plays", 1, default));
        Assert.Empty(await store.CountersAsync(Guid.NewGuid(), default));
    }
}
