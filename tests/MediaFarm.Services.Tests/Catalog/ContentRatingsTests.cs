using MediaFarm.Services.Catalog;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Tests.Catalog;

public sealed class ContentRatingsTests
{
    [Fact]
    public void Ratings_are_ordered_with_unrated_above_everything()
    {
        Assert.Equal(["G", "PG", "PG-13", "R", "NC-17", "UNRATED"], ContentRatings.All);
        Assert.True(ContentRatings.IsAllowed("R", "NC-17"));
        Assert.False(ContentRatings.IsAllowed("UNRATED", "NC-17"));
        Assert.True(ContentRatings.IsAllowed("UNRATED", "UNRATED"));
        Assert.True(ContentRatings.IsAllowed("UNRATED", null));
        Assert.False(ContentRatings.IsAllowed("PG-13", "PG"));
    }

    [Theory]
    [InlineData("pg-13", "PG-13")]
    [InlineData(" nc-17 ", "NC-17")]
    [InlineData("Unrated", "UNRATED")]
    [InlineData("PG13", null)]
    [InlineData("X", null)]
    [InlineData(null, null)]
    public void Normalize_accepts_any_case_and_nothing_else(string? given, string? expected)
    {
        Assert.Equal(expected, ContentRatings.Normalize(given));
    }

    private static ViewerContext Viewer(bool parental, string? max) => new(Guid.NewGuid(), "active", "basic", parental, max, "US", []);

    [Fact]
    public void The_viewer_maximum_comes_from_parental_controls_only_when_they_are_on()
    {
        Assert.Null(ContentRatings.ViewerMaximum(null));
        Assert.Null(ContentRatings.ViewerMaximum(Viewer(false, "G")));
        Assert.Equal("PG-13", ContentRatings.ViewerMaximum(Viewer(true, "PG-13")));
        Assert.Equal("G", ContentRatings.ViewerMaximum(Viewer(true, null))); // on without a maximum: the strictest
    }
}
