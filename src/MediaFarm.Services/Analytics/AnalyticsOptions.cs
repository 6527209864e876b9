namespace MediaFarm.Services.Analytics;

/// <summary>Bound from "Analytics"; validated at start.</summary>
public sealed class AnalyticsOptions : ISelfCheckingOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// Countries that get their own label value on the Prometheus metrics (ISO 3166-1 alpha-2); every other
    /// country is "other", so the label set stays bounded. The API's figures keep every country.
    /// </summary>
    public List<string> MetricCountries { get; set; } = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "BR", "JP", "CA", "AU"];

    /// <summary>Distinct CDN label values kept on the metrics (the configured CDNs and "origin" fit); later ones are "other".</summary>
    public int MetricCdns { get; set; } = 16;

    /// <summary>The widest window one query may ask for.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(400);

    public IEnumerable<string> Problems()
    {
        if (MetricCountries.Count > 60)
            yield return "Analytics:MetricCountries must list at most 60 countries (each is a label value).";
        if (MetricCountries.Any(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)))
            yield return "Analytics:MetricCountries must hold ISO 3166-1 alpha-2 codes in upper case.";
        if (MetricCdns is < 1 or > 64)
            yield return "Analytics:MetricCdns must be between 1 and 64.";
        if (MaxWindow <= TimeSpan.Zero)
            yield return "Analytics:MaxWindow must be positive.";
    }
}
