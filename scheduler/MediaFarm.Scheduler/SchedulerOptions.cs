namespace MediaFarm.Scheduler;

/// <summary>Bound from the "Scheduler" configuration section.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>"InMemory" (standalone) or "Postgres" (Hangfire.PostgreSql on ConnectionStrings:Postgres).</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>
    /// Bounded loads: a node takes a new asset only while its unfinished assets stay below
    /// ⌈(1+ε)·average⌉ (weighted by slots); otherwise the asset goes to the next node in its preference order.
    /// </summary>
    public double PlacementEpsilon { get; set; } = 0.25;

    /// <summary>The queue of the scheduler's own jobs (recurring maintenance).</summary>
    public string SchedulerQueue { get; set; } = "scheduler";

    /// <summary>
    /// PostgreSQL storage: jobs start on LISTEN/NOTIFY within milliseconds; this poll is the safety net
    /// when that connection drops (Hangfire.PostgreSql #410), so a lost notification costs at most this.
    /// </summary>
    public int QueuePollIntervalMs { get; set; } = 1000;

    /// <summary>Direct uploads idle for longer than this are aborted by a recurring job.</summary>
    public double UploadIdleHours { get; set; } = 24;

    /// <summary>
    /// Object-store writes idle for longer than this (a multipart upload or temporary file left by a killed
    /// process) are aborted by the same recurring job, unless they belong to a live direct upload.
    /// </summary>
    public double IncompleteWriteHours { get; set; } = 24;

    /// <summary>
    /// A node silent for longer than this is dropped from the farm and its jobs move. Nodes heartbeat every
    /// second; a node wrongly dropped (a long stall) loses its stages safely, by lease and cancellation.
    /// </summary>
    public double NodeTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// A stage job that waited this long behind a node whose slots are all busy moves to an idle node of its
    /// asset's preference order (<see cref="Farm.IdleNodeBalancer"/>); 0 turns moving off.
    /// </summary>
    public double IdleMoveAfterSeconds { get; set; } = 2;

    /// <summary>How often that sweep runs (cron; six fields include seconds).</summary>
    public string UploadSweepCron { get; set; } = "0 * * * *";

    /// <summary>
    /// Waits before each retry of a stage that failed for a reason other than bad input; their count is
    /// the number of retries. Unset: 5 s, 30 s, 2 min. (Nullable so configuration replaces, not appends.)
    /// </summary>
    public int[]? RetryDelaysSeconds { get; set; }

    public int[] EffectiveRetryDelays => RetryDelaysSeconds ?? [5, 30, 120];
}
