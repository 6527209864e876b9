namespace MediaFarm.Services.Webhooks;

/// <summary>Bound from "Webhooks"; validated at start.</summary>
public sealed class WebhookOptions : ISelfCheckingOptions
{
    public const string Section = "Webhooks";

    /// <summary>The Hangfire queue deliveries run on (the scheduler role's server listens to it).</summary>
    public const string Queue = "webhooks";

    /// <summary>
    /// Development and tests only: allow targets on loopback and private networks. Off in production, where
    /// such targets are refused when registered and again at connect time (SSRF).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>One delivery attempt's limit; a receiver slower than this counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after the first failed attempt; doubled after each next one (±20 % jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery still failing this long after it was created (or redelivered) is given up as failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a dispatched delivery stays claimed: past it, a delivery whose job never finished (its process
    /// was killed) is dispatched again. Longer than a request, plus the time a job may wait in its queue.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries attempted at once by one scheduler (Hangfire workers of the webhooks queue).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Endpoints one account may register.</summary>
    public int MaxEndpointsPerAccount { get; set; } = 20;

    public IEnumerable<string> Problems()
    {
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(1))
            yield return "Webhooks:RequestTimeout must be between 0 and 1 minute.";
        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
            yield return "Webhooks:RetryDelay must be positive and Webhooks:MaxRetryDelay at least as long.";
        if (GiveUpAfter < RetryDelay)
            yield return "Webhooks:GiveUpAfter must be at least Webhooks:RetryDelay.";
        if (DispatchInterval < TimeSpan.FromMilliseconds(50) || DispatchInterval > TimeSpan.FromMinutes(1))
            yield return "Webhooks:DispatchInterval must be between 50 ms and 1 minute.";
        if (ClaimTimeout <= RequestTimeout)
            yield return "Webhooks:ClaimTimeout must be longer than Webhooks:RequestTimeout.";
        if (Workers is < 1 or > 64)
            yield return "Webhooks:Workers must be between 1 and 64.";
        if (MaxEndpointsPerAccount < 1)
            yield return "Webhooks:MaxEndpointsPerAccount must be at least 1.";
    }

    /// <summary>Backoff after failed attempt number <paramref name="attempts"/> (1 = the first), with <paramref name="jitter"/> in [0, 1).</summary>
    public TimeSpan RetryDelayAfter(long attempts, double jitter)
    {
        double seconds = Math.Min(RetryDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)), MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * jitter));
    }
}
