using MediaFarm.Services.Catalog;
using MediaFarm.Services.Recommendations;
using Xunit.Abstractions;

namespace MediaFarm.Services.Tests.Recommendations;

/// <summary>
/// The quality test on a generated world (<see cref="TasteClusters"/>, seed 19: 600 titles in 12
/// genres, 2,400 users in 20 taste clusters, 30 % noise from the popular head): the recommender must beat
/// the most-popular baseline by at least 1.5× on both recall@10 and NDCG@10; cold-start users get their
/// favourite genres first; restricted viewers never get a title above their parental maximum.
/// </summary>
public sealed class RecommendationQualityTests(ITestOutputHelper output)
{
    /// <summary>The margin the recommender must clear over most-popular, on both figures.</summary>
    private const double Margin = 1.5;

    private static readonly Lazy<TasteClusters> World = new(() => TasteClusters.Generate());

    [Fact]
    public void The_recommender_beats_most_popular_by_at_least_half_again_on_recall_and_ndcg_at_10()
    {
        var world = World.Value;
        Assert.True(world.Titles.Count >= 500 && world.Users.Count >= 2000);
        Assert.True(world.Titles.SelectMany(t => t.Genres).Distinct().Count() >= 10);
        var figures = world.Evaluate();
        output.WriteLine(figures.ToString());
        Assert.True(figures.BaselineRecall > 0.02, $"the baseline must be a real one: {figures}");
        Assert.True(figures.Recall >= Margin * figures.BaselineRecall, $"recall@10 below {Margin}× the baseline: {figures}");
        Assert.True(figures.Ndcg >= Margin * figures.BaselineNdcg, $"NDCG@10 below {Margin}× the baseline: {figures}");
    }

    [Fact]
    public void Recommendations_never_include_a_watched_title_nor_one_above_the_parental_maximum()
    {
        var world = World.Value;
        var (catalogue, model) = world.Train();
        var recommender = new Recommender();
        var training = world.Training;
        int checkedCount = 0;
        for (int u = 0; u < world.Users.Count; u += 3)
        {
            string? maximum = (u % 4) switch { 0 => "G", 1 => "PG", 2 => "PG-13", _ => null };
            var seen = training[u].Select(s => s.TitleId).ToHashSet();
            var recs = recommender.ForUser(training[u], catalogue, id => model.Neighbours.GetValueOrDefault(id) ?? [], [], maximum, 20);
            Assert.Equal(20, recs.Count);
            foreach (var r in recs)
            {
                Assert.True(ContentRatings.IsAllowed(r.Title.ContentRating, maximum), $"{r.Title.ContentRating} recommended under {maximum}");
                Assert.DoesNotContain(r.Title.Id, seen);
                checkedCount++;
            }
        }
        foreach (var title in catalogue.Values.Take(100))
            foreach (var maximum in new[] { "G", "PG" })
                foreach (var r in recommender.Similar(title, model.Neighbours.GetValueOrDefault(title.Id) ?? [], catalogue, maximum, 10))
                {
                    Assert.True(ContentRatings.IsAllowed(r.Title.ContentRating, maximum));
                    Assert.NotEqual(title.Id, r.Title.Id);
                }
        output.WriteLine($"{checkedCount} recommendations for restricted and unrestricted viewers checked");
    }

    [Theory]
    [InlineData("horror")]
    [InlineData("documentary", "western")]
    public void Cold_start_users_get_their_favourite_genres_first(params string[] favourites)
    {
        var (catalogue, model) = World.Value.Train();
        var recs = new Recommender().ForUser([], catalogue, id => model.Neighbours.GetValueOrDefault(id) ?? [], favourites, null, 50);
        int matching = catalogue.Values.Count(t => t.Genres.Any(favourites.Contains));
        Assert.True(matching >= 10);
        var firsts = recs.Take(Math.Min(50, matching)).ToList();
        Assert.All(firsts, r => Assert.Contains(r.Title.Genres, favourites.Contains));
        Assert.All(firsts, r => Assert.Contains("favourite", r.Because));
        // Then the rest of the catalogue, by popularity.
        if (recs.Count > matching)
            Assert.Equal("popular on MediaFarm", recs[matching].Because);
    }

    [Fact]
    public void A_cold_start_child_gets_favourite_genres_within_the_parental_maximum_and_the_reasons_name_them()
    {
        var (catalogue, model) = World.Value.Train();
        var recs = new Recommender().ForUser([], catalogue, id => model.Neighbours.GetValueOrDefault(id) ?? [], ["animation"], "G", 10);
        Assert.Equal(10, recs.Count);
        Assert.All(recs, r => Assert.Equal("G", r.Title.ContentRating));
        Assert.All(recs, r => Assert.Contains("animation", r.Title.Genres));
        Assert.All(recs, r => Assert.Equal("because animation is one of your favourite genres", r.Because));
    }
}
