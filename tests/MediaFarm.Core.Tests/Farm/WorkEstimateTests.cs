using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Core.Pipeline;

namespace MediaFarm.Core.Tests.Farm;

public sealed class WorkEstimateTests
{
    private static Asset Probed(double seconds, params (int W, int H)[] rungs) =>
        Asset.New(Guid.NewGuid(), null, "a.mp4", 1_000_000, false, null, DateTimeOffset.UnixEpoch) with
        {
            Status = AssetStatus.Transcoding,
            Media = new MediaInfo(seconds, rungs[0].W, rungs[0].H, 30, "h264", "aac", "mp4", null),
            Ladder = new EncodingLadder(rungs.Select(r => new Rendition($"{r.H}p", r.W, r.H, 1000, 1100, 1500)).ToArray(), 30, 60, 128, true),
        };

    [Fact]
    public void Work_is_duration_times_the_pixels_of_every_rung_and_scales_with_both()
    {
        var clip = Probed(10, (640, 360), (426, 240));
        Assert.Equal(10 * (640 * 360 + 426 * 240) / 1e6, WorkEstimate.Total(clip), 9);
        Assert.Equal(12 * WorkEstimate.Total(clip), WorkEstimate.Total(Probed(120, (640, 360), (426, 240))), 9);
    }

    [Fact]
    public void Before_the_probe_the_source_size_stands_in_and_finished_work_counts_little_or_nothing()
    {
        var unprobed = Probed(10, (640, 360)) with { Media = null, Ladder = null, SourceBytes = 50_000_000 };
        Assert.Equal(50 * WorkEstimate.UnprobedUnitsPerMegabyte, WorkEstimate.Total(unprobed), 9);
        var transcoded = Probed(60, (1280, 720)).CompleteStage(PipelineStage.Transcode, DateTimeOffset.UnixEpoch, 1);
        Assert.Equal(WorkEstimate.AfterTranscodeShare * WorkEstimate.Total(transcoded), WorkEstimate.Remaining(transcoded), 9);
        Assert.Equal(0, WorkEstimate.Remaining(transcoded with { Status = AssetStatus.Ready }));
    }
}
