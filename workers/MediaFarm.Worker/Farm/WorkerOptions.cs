namespace MediaFarm.Worker.Farm;

/// <summary>Bound from the "Worker" configuration section.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The node's id in the farm; unset: host name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>"auto" (a one-frame NVENC test decides), "cpu" or "gpu".</summary>
    public string HardwareClass { get; set; } = "auto";

    /// <summary>Jobs this node runs at once, and its weight in placement; unset: one per two cores, at least two.</summary>
    public int? Slots { get; set; }

    /// <summary>
    /// Video encoder: "auto" (h264_nvenc when the NVENC test passed, else libx264), "libx264" or "h264_nvenc".
    /// A gpu-class node can be told to use libx264 (tests on machines without a GPU do).
    /// </summary>
    public string Encoder { get; set; } = "auto";

    /// <summary>
    /// Object-store requests one stage makes at once when it moves many files (uploading a stage's outputs,
    /// publishing): small segment files are bound by round trips, not bandwidth.
    /// </summary>
    public int StoreConcurrency { get; set; } = 16;

    public string ResolvedNodeId => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : NodeId;

    public int ResolvedSlots => Slots ?? Math.Max(2, Environment.ProcessorCount / 2);

    /// <summary>How often the node tells the farm it is alive (keep it well under Scheduler:NodeTimeoutSeconds).</summary>
    public double HeartbeatSeconds { get; set; } = 1;
}
