namespace MediaFarm.Core.Farm;

/// <summary>A worker node as the farm knows it: what it can do, how much, and when it last said so.</summary>
public sealed record NodeInfo
{
    public required string Id { get; init; }
    /// <summary>"gpu" (NVENC works) or "cpu".</summary>
    public required string HardwareClass { get; init; }
    public IReadOnlyList<string> Encoders { get; init; } = [];
    public IReadOnlyList<string> HardwareDecoders { get; init; } = [];
    public int Slots { get; init; } = 1;
    public int BusySlots { get; init; }
    /// <summary>The node's Hangfire queue, derived from its id (shown in the API and dashboard).</summary>
    public string Queue => NodeQueues.For(Id);
    public string Version { get; init; } = "";
    /// <summary>
    /// This run of the node: a new id every time its process starts. Its Hangfire server is named after
    /// it, so a running job belongs to exactly one run, and is orphaned only when that run is gone.
    /// </summary>
    public string RunId { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastHeartbeat { get; init; }
}

/// <summary>Registered worker nodes and their heartbeats, in the metadata database.</summary>
public interface INodeRegistry
{
    /// <summary>
    /// Adds the node or refreshes it (registration and heartbeat are the same write). Returns the node's
    /// registration: an id that stays the same while the run stays registered, and is new when the run
    /// was dropped and came back or the node restarted. Stage leases are held in its name, so a run the
    /// farm once gave up on never keeps a lease it had then.
    /// </summary>
    Task<string> UpsertAsync(NodeInfo node, CancellationToken ct);

    Task<IReadOnlyList<NodeInfo>> ListAsync(CancellationToken ct);

    /// <summary>Drops nodes silent since <paramref name="before"/>; returns their ids.</summary>
    Task<IReadOnlyList<string>> RemoveSilentAsync(DateTimeOffset before, CancellationToken ct);
}

/// <summary>
/// Hardware class from what a real one-frame test found: "gpu" only when NVENC encodes; a GPU that
/// decodes (NVDEC) but cannot encode — H100-class data-centre cards — is a cpu node with NVDEC.
/// Configuration may force the class (e.g. a "gpu" node encoding with libx264 in tests).
/// </summary>
public static class HardwareClassifier
{
    public static string Classify(bool nvencWorks, string? forced) => forced?.ToLowerInvariant() switch
    {
        "gpu" => "gpu",
        "cpu" => "cpu",
        null or "" or "auto" => nvencWorks ? "gpu" : "cpu",
        _ => throw new ArgumentException($"Worker:HardwareClass '{forced}' is unknown: use auto, cpu or gpu."),
    };
}
