namespace MediaFarm.Services.Heartbeats;

/// <summary>Bound from "Heartbeats"; validated at start.</summary>
public sealed class HeartbeatOptions : ISelfCheckingOptions
{
    public const string Section = "Heartbeats";

    /// <summary>How often players are told to post a heartbeat.</summary>
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>A session not heard from this long expires (its heartbeats are then refused with 404).</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Heartbeats forwarded to analytics in one event (one outbox row, one consumer transaction).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The longest a heartbeat waits in memory for its batch.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Heartbeats waiting to be forwarded; past it the api answers 503 with Retry-After rather than grow without bound.</summary>
    public int Backlog { get; set; } = 100_000;

    public IEnumerable<string> Problems()
    {
        if (IntervalSeconds is < 1 or > 300)
            yield return "Heartbeats:IntervalSeconds must be between 1 and 300.";
        if (SessionTtl < TimeSpan.FromSeconds(3 * IntervalSeconds))
            yield return "Heartbeats:SessionTtl must cover at least three heartbeat intervals.";
        if (BatchSize is < 1 or > 5000)
            yield return "Heartbeats:BatchSize must be between 1 and 5000.";
        if (FlushInterval < TimeSpan.FromMilliseconds(10) || FlushInterval > TimeSpan.FromSeconds(10))
            yield return "Heartbeats:FlushInterval must be between 10 ms and 10 s.";
        if (Backlog < BatchSize)
            yield return "Heartbeats:Backlog must be at least Heartbeats:BatchSize.";
    }
}
