using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Cdn;

/// <summary>The CDN of one playback response: configuration and live health into <see cref="CdnSelector"/>, counted per CDN.</summary>
public sealed class CdnRouter(IOptions<CdnOptions> options, CdnHealthMonitor health, TimeProvider clock)
{
    private static readonly Counter Choices = Metrics.CreateCounter("mediafarm_cdn_choices_total", "Playback responses per CDN chosen ('origin' when none could serve).", "cdn");

    public CdnChoice Choose(string? country)
    {
        var choice = CdnSelector.Choose(options.Value.Edges, health.Status, country, clock.GetUtcNow(), options.Value.RecentFailureWindow, Random.Shared.NextDouble());
        Choices.WithLabels(choice.Name).Inc();
        return choice;
    }
}
