using MediaFarm.Core.Assets;

namespace MediaFarm.Core.Tests;

public class AssetLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Asset NewAsset() => Asset.New(Guid.NewGuid(), null, "clip.mp4", 100, false, null, T0);

    [Theory]
    [InlineData(AssetStatus.Uploaded, AssetStatus.Probing, true)]
    [InlineData(AssetStatus.Probing, AssetStatus.Transcoding, true)]
    [InlineData(AssetStatus.Transcoding, AssetStatus.Transcoding, true)]
    [InlineData(AssetStatus.Packaging, AssetStatus.Publishing, true)]
    [InlineData(AssetStatus.Publishing, AssetStatus.Ready, true)]
    [InlineData(AssetStatus.Transcoding, AssetStatus.Failed, true)]
    [InlineData(AssetStatus.Uploaded, AssetStatus.Failed, true)]
    [InlineData(AssetStatus.Transcoding, AssetStatus.Probing, false)]
    [InlineData(AssetStatus.Ready, AssetStatus.Failed, false)]
    [InlineData(AssetStatus.Failed, AssetStatus.Probing, false)]
    [InlineData(AssetStatus.Ready, AssetStatus.Ready, false)]
    public void Transitions_only_move_forward_and_terminal_states_are_final(AssetStatus from, AssetStatus to, bool allowed)
    {
        Assert.Equal(allowed, AssetStatusTransitions.CanMove(from, to));
    }

    [Fact]
    public void Stages_map_to_the_statuses_the_api_shows()
    {
        Assert.Equal(
            [AssetStatus.Probing, AssetStatus.Transcoding, AssetStatus.Packaging, AssetStatus.Packaging, AssetStatus.Publishing],
            PipelineStages.InOrder.Select(s => s.StatusWhileRunning()));
    }

    [Fact]
    public void A_full_run_records_timings_and_ends_ready()
    {
        var asset = NewAsset();
        var now = T0;
        foreach (var stage in PipelineStages.InOrder)
        {
            asset = asset.StartStage(stage, now = now.AddSeconds(1));
            Assert.Equal(stage.StatusWhileRunning(), asset.Status);
            Assert.Equal(0, asset.Progress);
            asset = asset.CompleteStage(stage, now = now.AddSeconds(2));
        }
        asset = asset.MarkReady(now);

        Assert.Equal(AssetStatus.Ready, asset.Status);
        Assert.Equal(5, asset.Timings.Count);
        Assert.All(asset.Timings, t => Assert.Equal(2.0, t.Seconds));
        Assert.Null(asset.StageToResume());
    }

    [Fact]
    public void A_ready_asset_cannot_start_again()
    {
        var asset = NewAsset() with { Status = AssetStatus.Ready };
        Assert.Throws<InvalidAssetTransitionException>(() => asset.StartStage(PipelineStage.Probe, T0));
    }

    [Fact]
    public void Failure_keeps_the_reason()
    {
        var failed = NewAsset().StartStage(PipelineStage.Probe, T0).Fail("The file has no video stream.", T0);
        Assert.Equal(AssetStatus.Failed, failed.Status);
        Assert.Equal("The file has no video stream.", failed.FailureReason);
        Assert.Throws<InvalidAssetTransitionException>(() => failed.Fail("again", T0));
    }

    [Fact]
    public void A_retried_stage_counts_attempts_and_keeps_one_timing()
    {
        var asset = NewAsset().StartStage(PipelineStage.Probe, T0).StartStage(PipelineStage.Probe, T0.AddSeconds(1))
            .StartStage(PipelineStage.Probe, T0.AddSeconds(5));
        var timing = Assert.Single(asset.Timings);
        Assert.Equal(3, timing.Attempt);
        Assert.Equal(T0.AddSeconds(5), timing.StartedAt);
    }

    [Fact]
    public void Resume_reruns_an_unfinished_stage_or_moves_to_the_next()
    {
        var uploaded = NewAsset();
        Assert.Equal(PipelineStage.Probe, uploaded.StageToResume());

        var transcoding = uploaded.StartStage(PipelineStage.Probe, T0).CompleteStage(PipelineStage.Probe, T0)
            .StartStage(PipelineStage.Transcode, T0);
        Assert.Equal(PipelineStage.Transcode, transcoding.StageToResume());

        var transcoded = transcoding.CompleteStage(PipelineStage.Transcode, T0);
        Assert.Equal(PipelineStage.Package, transcoded.StageToResume());
    }

    [Fact]
    public void Progress_is_clamped_and_rounded()
    {
        Assert.Equal(100, NewAsset().WithProgress(140, T0).Progress);
        Assert.Equal(33.3, NewAsset().WithProgress(33.333, T0).Progress);
    }
}
