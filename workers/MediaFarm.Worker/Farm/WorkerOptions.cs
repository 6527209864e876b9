namespace MediaFarm.Worker.Farm;

/// <summary>Bound from the "Worker" configuration section.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The node's id in the farm; unset: host name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>"auto" (a one-frame NVENC test decides), "cpu" or "gpu".</summary>
    public string HardwareClass { get; set; } = "auto";

    /// <summary>Encodes this node runs at once; unset: one per two cores.</summary>
    public int? Slots { get; set; }

    /// <summary>How often the node tells the farm it is alive.</summary>
    public double HeartbeatSeconds { get; set; } = 2;
}
