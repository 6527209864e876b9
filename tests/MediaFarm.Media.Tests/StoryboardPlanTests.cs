using MediaFarm.Media.Thumbnails;

namespace MediaFarm.Media.Tests;

public class StoryboardPlanTests
{
    [Fact]
    public void Short_clip_gets_a_tile_every_two_seconds_in_one_row()
    {
        var plan = StoryboardPlan.For(10, 426, 240);
        Assert.Equal((2.0, 5, 5, 1, 160, 90), (plan.IntervalSeconds, plan.Count, plan.Columns, plan.Rows, plan.TileWidth, plan.TileHeight));
    }

    [Fact]
    public void Long_video_stays_within_the_tile_limit_on_whole_gops()
    {
        var plan = StoryboardPlan.For(3600, 426, 240);
        Assert.True(plan.Count <= StoryboardPlan.MaxTiles);
        Assert.Equal(0, plan.IntervalSeconds % 2);
        Assert.Equal(10, plan.Columns);
        Assert.Equal((plan.Count + 9) / 10, plan.Rows);
    }

    [Fact]
    public void Portrait_tiles_keep_the_aspect_ratio()
    {
        var plan = StoryboardPlan.For(10, 240, 426);
        Assert.Equal(284, plan.TileHeight);
    }

    [Fact]
    public void Vtt_cues_cover_the_duration_and_point_into_the_grid()
    {
        var plan = StoryboardPlan.For(25, 426, 240);
        string vtt = plan.WebVtt("storyboard.jpg");
        Assert.StartsWith("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n", vtt);
        Assert.Contains("00:00:20.000 --> 00:00:22.000\nstoryboard.jpg#xywh=0,90,160,90", vtt);
        Assert.EndsWith("00:00:24.000 --> 00:00:25.000\nstoryboard.jpg#xywh=320,90,160,90\n\n", vtt);
        Assert.Equal(plan.Count, vtt.Split("-->").Length - 1);
    }

    [Fact]
    public void Filter_picks_one_frame_per_interval_and_tiles_them()
    {
        var plan = StoryboardPlan.For(10, 426, 240);
        Assert.Equal("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,1.999)',scale=160:90,setsar=1,tile=5x1", plan.FilterGraph());
    }
}
