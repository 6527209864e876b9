using System.Globalization;

namespace MediaFarm.Services.Cdn;

/// <summary>What the health monitor knows of one CDN. <see cref="Up"/> is null until its first check.</summary>
public sealed record CdnHealthStatus(bool? Up, DateTimeOffset? CheckedAt, DateTimeOffset? LastFailureAt, string? LastError);

/// <summary>The CDN a playback response uses, and why; <see cref="Edge"/> null means the origin itself.</summary>
public sealed record CdnChoice(CdnEdgeOptions? Edge, string Reason)
{
    public string Name => Edge?.Name ?? CdnSelector.OriginName;
}

/// <summary>
/// Picks a CDN for one playback response, pure: among the CDNs that are not down, those naming the viewer's
/// country come first, then those serving every country (a CDN naming only other countries never serves
/// the viewer); within that tier a weighted draw, with the weight halved for a CDN that failed recently
/// (it may be flapping). A CDN not yet checked counts as up, so a fresh process does not send everyone
/// to the origin. No candidate: the origin serves, and the reason says why.
/// </summary>
public static class CdnSelector
{
    public const string OriginName = "origin";

    public static CdnChoice Choose(IReadOnlyList<CdnEdgeOptions> edges, Func<string, CdnHealthStatus?> health, string? country,
        DateTimeOffset now, TimeSpan recentFailureWindow, double draw)
    {
        if (edges.Count == 0)
            return new(null, "no CDN is configured");
        string code = (country ?? "").ToUpperInvariant();
        var up = edges.Where(e => health(e.Name)?.Up != false).ToList();
        var local = up.Where(e => e.Countries.Contains(code, StringComparer.Ordinal)).ToList();
        var tier = local.Count > 0 ? local : up.Where(e => e.Countries.Count == 0).ToList();
        if (tier.Count == 0)
        {
            string why = up.Count == 0 ? "every CDN is down" : $"no healthy CDN serves {Describe(code)}";
            return new(null, $"{why}; served by the origin");
        }

        var weights = tier.Select(e => EffectiveWeight(e, health(e.Name), now, recentFailureWindow)).ToArray();
        double total = weights.Sum();
        double point = Math.Clamp(draw, 0, 1) * total;
        int pick = 0;
        double upTo = weights[0];
        while (pick < tier.Count - 1 && point >= upTo)
            upTo += weights[++pick];
        var chosen = tier[pick];
        string scope = local.Count > 0 ? $"serves {code}" : "serves every country";
        string weight = weights[pick] < chosen.Weight
            ? $"weight {Format(weights[pick])} (halved: failed at {health(chosen.Name)!.LastFailureAt:HH:mm:ss}Z)"
            : $"weight {Format(weights[pick])}";
        string share = tier.Count == 1 ? "the only candidate" : $"{weight} of {Format(total)} among {tier.Count} candidates";
        string state = health(chosen.Name)?.Up is null ? "not checked yet" : "healthy";
        return new(chosen, $"{chosen.Name}: {state}, {scope}, {share}");
    }

    public static double EffectiveWeight(CdnEdgeOptions edge, CdnHealthStatus? status, DateTimeOffset now, TimeSpan window) =>
        status?.LastFailureAt is { } failed && now - failed < window ? edge.Weight / 2.0 : edge.Weight;

    private static string Describe(string code) => code.Length == 0 ? "viewers without a country" : code;

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
