using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;

namespace MediaFarm.Core.Farm;

/// <summary>
/// How much work an asset still asks of its node, in output megapixel-seconds (duration × the pixels of
/// every rung): what placement balances, so that a node with one 2-hour film counts as busier than one
/// with three clips. Pure.
/// </summary>
public static class WorkEstimate
{
    /// <summary>
    /// Before the probe the duration and ladder are unknown: the source's size stands in, read as an 8 Mbit/s
    /// 1080p source (1 MB ≈ 1 s) encoded to a 5-rung 1080p ladder (≈ 3.7 Mpx per second of video).
    /// </summary>
    public const double UnprobedUnitsPerMegabyte = 3.7;

    /// <summary>What is left once the transcode is done (package, thumbnails, publish), as a share of the whole.</summary>
    public const double AfterTranscodeShare = 0.05;

    /// <summary>The asset's whole work, probed or estimated.</summary>
    public static double Total(Asset asset) =>
        asset.Media is { } media && asset.Ladder is { } ladder
            ? media.DurationSeconds * ladder.Renditions.Sum(r => (double)r.Width * r.Height) / 1_000_000
            : asset.SourceBytes / 1_000_000.0 * UnprobedUnitsPerMegabyte;

    /// <summary>What is left: nothing for a finished asset, a small share once its transcode completed.</summary>
    public static double Remaining(Asset asset) => asset.Status switch
    {
        AssetStatus.Ready or AssetStatus.Failed => 0,
        _ when asset.OutputOf(PipelineStage.Transcode) is not null => Total(asset) * AfterTranscodeShare,
        _ => Total(asset),
    };
}
