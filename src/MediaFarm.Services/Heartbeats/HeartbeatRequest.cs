using MediaFarm.Contracts;
using MediaFarm.Core.ViewerData;

namespace MediaFarm.Services.Heartbeats;

/// <summary>
/// What a player posts every few seconds for its session: its heartbeat number, where it is, what it played
/// since the previous heartbeat, and what happened meanwhile (startup, buffering, bitrate switches, errors).
/// </summary>
public sealed record HeartbeatRequest(long? Seq, double? PositionSeconds, double? DurationSeconds, double? PlayedSeconds, string? Rendition,
    double? BitrateKbps, IReadOnlyList<PlaybackEventRequest>? Events);

public sealed record PlaybackEventRequest(string? Type, double? Milliseconds, double? Seconds, double? BitrateKbps, string? Code, bool? Fatal);

/// <summary>The answer: accepted (a duplicate or late one too: it moves no resume point back, and analytics count it once).</summary>
public sealed record HeartbeatAccepted(Guid SessionId, long Seq, int NextHeartbeatSeconds);

/// <summary>Checks a heartbeat, pure: every field at fault with the reason, or the event to forward.</summary>
public static class HeartbeatInput
{
    public const int MaxEvents = 50;
    public const int MaxText = 64;
    private const double MaxPlayedSeconds = 3600;

    public static readonly IReadOnlyList<string> EventTypes = ["startup", "buffering", "bitrate-switch", "error"];

    public static Dictionary<string, string[]> Problems(HeartbeatRequest r)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string field, string reason) => problems[field] = [reason];
        if (r.Seq is not ({ } seq and >= 0))
            Add("seq", "must be an integer ≥ 0, one more with each heartbeat of the session");
        if (ViewerDataRules.CheckPosition(r.PositionSeconds, r.DurationSeconds) is var (field, reason))
            Add(field, reason);
        if (r.PlayedSeconds is not ({ } played and >= 0 and <= MaxPlayedSeconds) || !double.IsFinite(r.PlayedSeconds.Value))
            Add("playedSeconds", $"must be the seconds played since the previous heartbeat, 0 to {MaxPlayedSeconds}");
        if (r.BitrateKbps is { } kbps && (!double.IsFinite(kbps) || kbps <= 0 || kbps > 1_000_000))
            Add("bitrateKbps", "must be a positive number of kbit/s");
        if (r.Rendition is { Length: > MaxText })
            Add("rendition", $"must be at most {MaxText} characters");
        var events = r.Events ?? [];
        if (events.Count > MaxEvents)
            Add("events", $"at most {MaxEvents} per heartbeat");
        for (int i = 0; i < Math.Min(events.Count, MaxEvents); i++)
        {
            if (EventProblem(events[i]) is { } why)
                Add($"events[{i}]", why);
        }
        return problems;
    }

    private static string? EventProblem(PlaybackEventRequest? e) => e?.Type switch
    {
        null => $"type is required: one of {string.Join(", ", EventTypes)}",
        "startup" when e.Milliseconds is not ({ } ms and >= 0 and <= 600_000) => "a startup event needs milliseconds (0 to 600000)",
        "buffering" when e.Seconds is not ({ } s and >= 0 and <= MaxPlayedSeconds) => $"a buffering event needs seconds (0 to {MaxPlayedSeconds})",
        "bitrate-switch" when e.BitrateKbps is not ({ } kbps and > 0 and <= 1_000_000) => "a bitrate-switch event needs bitrateKbps > 0",
        "error" when e.Code is not { Length: > 0 and <= MaxText } => $"an error event needs a code (1 to {MaxText} characters)",
        "startup" or "buffering" or "bitrate-switch" or "error" => null,
        _ => $"unknown type '{e.Type}': one of {string.Join(", ", EventTypes)}",
    };

    /// <summary>The report analytics receive; call after <see cref="Problems"/> found none.</summary>
    public static PlaybackHeartbeatReport Report(HeartbeatRequest r, PlaybackSession session, DateTimeOffset at) => new()
    {
        SessionId = session.SessionId,
        Seq = r.Seq!.Value,
        UserId = session.UserId,
        TitleId = session.TitleId,
        Cdn = session.Cdn,
        Country = session.Country,
        SessionStartedAt = session.StartedAt,
        At = at,
        PositionSeconds = r.PositionSeconds!.Value,
        DurationSeconds = r.DurationSeconds!.Value,
        PlayedSeconds = r.PlayedSeconds!.Value,
        Rendition = r.Rendition,
        BitrateKbps = r.BitrateKbps,
        Events = (r.Events ?? []).Select(e => new PlaybackEventReport
        {
            Type = e.Type!, Milliseconds = e.Milliseconds, Seconds = e.Seconds, BitrateKbps = e.BitrateKbps, Code = e.Code, Fatal = e.Fatal ?? false,
        }).ToArray(),
    };
}
