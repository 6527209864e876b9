namespace MediaFarm.Services.Cdn;

/// <summary>One CDN (an edge or a provider's pull zone in front of the playback origin), from configuration.</summary>
public sealed class CdnEdgeOptions
{
    /// <summary>Short unique name: shown in playback responses, per-asset states and metric labels.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where players reach it: playback URLs are <c>{BaseUrl}/media/t/&lt;token&gt;/&lt;asset&gt;/…</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Share of new playback responses among the healthy CDNs that serve a viewer's country.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>ISO 3166-1 alpha-2 codes served; empty serves every country (after the CDNs that name it).</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>
    /// Where MediaFarm itself reaches the CDN to warm it, when not at <see cref="BaseUrl"/> (a private
    /// network name in docker-compose). Health checks and purges default to it too.
    /// </summary>
    public string? InternalUrl { get; set; }

    /// <summary>Active health check (2xx = up). Default: <c>{InternalUrl or BaseUrl}/healthz</c>.</summary>
    public string? HealthCheckUrl { get; set; }

    /// <summary>Where purges go. Default: <see cref="InternalUrl"/> or <see cref="BaseUrl"/>.</summary>
    public string? PurgeUrl { get; set; }

    /// <summary>Secret the edge requires on purge requests.</summary>
    public string? PurgeToken { get; set; }

    /// <summary>How to talk to it: a named <see cref="ICdnEdgeClient"/> kind, checked at start.</summary>
    public string Kind { get; set; } = NginxEdgeClient.KindName;

    /// <summary>The root MediaFarm warms through.</summary>
    public string Internal => (string.IsNullOrWhiteSpace(InternalUrl) ? BaseUrl : InternalUrl).TrimEnd('/');
    public Uri Health => new(string.IsNullOrWhiteSpace(HealthCheckUrl) ? Internal + "/healthz" : HealthCheckUrl);
    public Uri Purge => new((string.IsNullOrWhiteSpace(PurgeUrl) ? Internal : PurgeUrl).TrimEnd('/') + "/");
}

/// <summary>Bound from "Cdn". No edges configured: playback URLs point at the origin itself, as before.</summary>
public sealed class CdnOptions
{
    public const string Section = "Cdn";

    public List<CdnEdgeOptions> Edges { get; set; } = [];

    /// <summary>Active health checks run this often; a CDN that fails one is left out of new responses at once.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A CDN back up after a failure within this window gets half its weight (it may be flapping).</summary>
    public TimeSpan RecentFailureWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Segments warmed per rung (and for audio) after the manifests and init segments.</summary>
    public int WarmSegmentsPerRung { get; set; } = 2;

    /// <summary>Warm/purge attempts per asset and CDN before it is given up as failed with the last reason.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>First retry delay; doubled per attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The problems of this configuration (empty = valid), each naming the setting.</summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> knownKinds)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Edges.Count; i++)
        {
            var e = Edges[i];
            string at = $"Cdn:Edges:{i}";
            if (string.IsNullOrWhiteSpace(e.Name) || !e.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                yield return $"{at}:Name must be letters, digits, '-' or '_'.";
            else if (!names.Add(e.Name))
                yield return $"{at}:Name '{e.Name}' is used twice.";
            if (!IsHttpUrl(e.BaseUrl))
                yield return $"{at}:BaseUrl must be an absolute http(s) URL.";
            if (e.InternalUrl is { Length: > 0 } i2 && !IsHttpUrl(i2))
                yield return $"{at}:InternalUrl must be an absolute http(s) URL.";
            if (e.HealthCheckUrl is { Length: > 0 } h && !IsHttpUrl(h))
                yield return $"{at}:HealthCheckUrl must be an absolute http(s) URL.";
            if (e.PurgeUrl is { Length: > 0 } p && !IsHttpUrl(p))
                yield return $"{at}:PurgeUrl must be an absolute http(s) URL.";
            if (e.Weight < 1)
                yield return $"{at}:Weight must be at least 1.";
            if (e.Countries.Any(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)))
                yield return $"{at}:Countries must be ISO 3166-1 alpha-2 codes in capitals (e.g. DE).";
            if (!knownKinds.Contains(e.Kind))
                yield return $"{at}:Kind '{e.Kind}' is unknown; known: {string.Join(", ", knownKinds)}.";
        }
        if (HealthInterval <= TimeSpan.Zero || HealthTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
            yield return "Cdn:HealthInterval, Cdn:HealthTimeout and Cdn:RequestTimeout must be positive.";
        if (MaxAttempts < 1 || RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
            yield return "Cdn:MaxAttempts must be at least 1 and 0 < Cdn:RetryDelay ≤ Cdn:MaxRetryDelay.";
        if (WarmSegmentsPerRung < 0)
            yield return "Cdn:WarmSegmentsPerRung must not be negative.";
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
