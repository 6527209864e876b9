using MediaFarm.Core.ViewerData;
using MediaFarm.Services.Heartbeats;

namespace MediaFarm.Services.Tests.Heartbeats;

public sealed class HeartbeatInputTests
{
    private static HeartbeatRequest Valid(params PlaybackEventRequest[] events) => new(3, 42, 600, 10, "720p", 2400, events);

    [Fact]
    public void A_valid_heartbeat_has_no_problems_and_reports_what_the_session_and_body_say()
    {
        var request = Valid(new PlaybackEventRequest("buffering", null, 1.5, null, null, null), new PlaybackEventRequest("error", null, null, null, "HTTP_404", true));
        Assert.Empty(HeartbeatInput.Problems(request));
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var session = new PlaybackSession(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), at.AddMinutes(-1), 0, null, at, "edge-1", "FR");
        var report = HeartbeatInput.Report(request, session, at);
        Assert.Equal((session.SessionId, 3L, session.TitleId, "edge-1", "FR", 10.0, 2400.0), (report.SessionId, report.Seq, report.TitleId, report.Cdn, report.Country,
            report.PlayedSeconds, report.BitrateKbps!.Value));
        Assert.Equal(["buffering", "error"], report.Events.Select(e => e.Type));
        Assert.True(report.Events[1].Fatal);
    }

    public static TheoryData<HeartbeatRequest, string> Bad => new()
    {
        { new HeartbeatRequest(null, 1, 10, 1, null, null, null), "seq" },
        { new HeartbeatRequest(-1, 1, 10, 1, null, null, null), "seq" },
        { new HeartbeatRequest(0, 11, 10, 1, null, null, null), "positionSeconds" },
        { new HeartbeatRequest(0, 1, null, 1, null, null, null), "durationSeconds" },
        { new HeartbeatRequest(0, 1, 10, null, null, null, null), "playedSeconds" },
        { new HeartbeatRequest(0, 1, 10, double.NaN, null, null, null), "playedSeconds" },
        { new HeartbeatRequest(0, 1, 10, 7200, null, null, null), "playedSeconds" },
        { new HeartbeatRequest(0, 1, 10, 1, null, -5, null), "bitrateKbps" },
        { new HeartbeatRequest(0, 1, 10, 1, new string('r', 65), null, null), "rendition" },
        { new HeartbeatRequest(0, 1, 10, 1, null, null, [new PlaybackEventRequest("teleport", null, null, null, null, null)]), "events[0]" },
        { new HeartbeatRequest(0, 1, 10, 1, null, null, [new PlaybackEventRequest("startup", null, null, null, null, null)]), "events[0]" },
        { new HeartbeatRequest(0, 1, 10, 1, null, null, [new PlaybackEventRequest("startup", 10, null, null, null, null), new PlaybackEventRequest("error", null, null, null, null, true)]), "events[1]" },
        { new HeartbeatRequest(0, 1, 10, 1, null, null, Enumerable.Repeat(new PlaybackEventRequest("buffering", null, 1, null, null, null), 51).ToArray()), "events" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Each_bad_field_is_named_with_the_reason(HeartbeatRequest request, string field)
    {
        var problems = HeartbeatInput.Problems(request);
        Assert.True(problems.ContainsKey(field), $"expected a problem with {field}, got {string.Join(", ", problems.Keys)}");
        Assert.All(problems.Values, reasons => Assert.NotEmpty(reasons[0]));
    }

    [Fact]
    public void Options_refuse_a_session_ttl_shorter_than_three_intervals_and_a_backlog_below_a_batch()
    {
        Assert.Empty(new HeartbeatOptions().Problems());
        var problems = new HeartbeatOptions { IntervalSeconds = 60, SessionTtl = TimeSpan.FromMinutes(2), BatchSize = 100, Backlog = 10 }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("SessionTtl"));
        Assert.Contains(problems, p => p.Contains("Backlog"));
    }
}
