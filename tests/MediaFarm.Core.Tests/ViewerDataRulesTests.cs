using MediaFarm.Core.ViewerData;

namespace MediaFarm.Core.Tests;

public sealed class ViewerDataRulesTests
{
    [Theory]
    [InlineData(89.9, 100, false)]
    [InlineData(90, 100, true)]
    [InlineData(100, 100, true)]
    [InlineData(0, 0, false)]
    public void Ninety_percent_watched_is_completed(double position, double duration, bool completed) =>
        Assert.Equal(completed, ViewerDataRules.IsCompleted(position, duration));

    [Theory]
    [InlineData(null, 100.0, "positionSeconds")]
    [InlineData(-1.0, 100.0, "positionSeconds")]
    [InlineData(double.NaN, 100.0, "positionSeconds")]
    [InlineData(10.0, null, "durationSeconds")]
    [InlineData(10.0, 0.0, "durationSeconds")]
    [InlineData(10.0, 700_000.0, "durationSeconds")]
    [InlineData(120.0, 100.0, "positionSeconds")]
    public void Bad_positions_name_their_field(double? position, double? duration, string field) =>
        Assert.Equal(field, ViewerDataRules.CheckPosition(position, duration)?.Field);

    [Fact]
    public void A_valid_position_passes_and_counter_names_are_checked()
    {
        Assert.Null(ViewerDataRules.CheckPosition(0, 1));
        Assert.True(ViewerDataRules.IsCounterName("heartbeats"));
        Assert.False(ViewerDataRules.IsCounterName("Heart Beats"));
        Assert.False(ViewerDataRules.IsCounterName(""));
    }
}
