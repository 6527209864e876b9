using MediaFarm.Core.ViewerData;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Heartbeats;

/// <summary>The session a playback response carries: players post its heartbeats to <see cref="HeartbeatUrl"/>.</summary>
public sealed record PlaybackSessionInfo(Guid Id, string HeartbeatUrl, int HeartbeatIntervalSeconds, DateTimeOffset ExpiresAt);

/// <summary>Opens playback sessions in the viewer-data store, with the CDN and country analytics group by.</summary>
public sealed class PlaybackSessions(IViewerDataStore store, IOptions<HeartbeatOptions> options, TimeProvider clock)
{
    public async Task<PlaybackSessionInfo> StartAsync(Guid userId, Guid titleId, string cdn, string country, string apiBase, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new PlaybackSession(Guid.CreateVersion7(now), userId, titleId, now, 0, null, now, cdn, country);
        await store.StartSessionAsync(session, options.Value.SessionTtl, ct);
        return new PlaybackSessionInfo(session.SessionId, $"{apiBase}/v1/playback/sessions/{session.SessionId:D}/heartbeat",
            options.Value.IntervalSeconds, now + options.Value.SessionTtl);
    }
}
