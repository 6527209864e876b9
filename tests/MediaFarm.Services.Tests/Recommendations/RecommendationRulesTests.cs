using System.Text.Json;
using MediaFarm.Services.Recommendations;

namespace MediaFarm.Services.Tests.Recommendations;

/// <summary>The small pure pieces: seen heartbeat seqs, watch signals, the similarity's shrinkage, the rating body, the options.</summary>
public sealed class RecommendationRulesTests
{
    [Fact]
    public void Seen_seqs_count_each_heartbeat_once_in_any_order_and_stay_small()
    {
        var seen = new SeenSeqs();
        Assert.True(seen.TryAdd(0));
        Assert.True(seen.TryAdd(2));
        Assert.False(seen.TryAdd(2));
        Assert.Equal(1, seen.Floor);
        Assert.True(seen.TryAdd(1)); // late: fills the gap
        Assert.Equal(3, seen.Floor);
        Assert.Empty(seen.Above);
        Assert.False(seen.TryAdd(0));

        var restored = SeenSeqs.Parse(3, "5,7");
        Assert.False(restored.TryAdd(5));
        Assert.True(restored.TryAdd(4));
        Assert.Equal(3, restored.Floor); // 3 still missing
        Assert.True(restored.TryAdd(3));
        Assert.Equal(6, restored.Floor);
        Assert.Equal("7", restored.Serialize());

        // A seq that never comes (lost) does not keep the set growing: the floor jumps it.
        var gap = new SeenSeqs();
        for (int s = 1; s <= SeenSeqs.MaxAbove + 10; s++)
            Assert.True(gap.TryAdd(s));
        Assert.True(gap.Above.Count <= SeenSeqs.MaxAbove);
        Assert.False(gap.TryAdd(0)); // too late now: dropped rather than risk counting twice
    }

    [Theory]
    [InlineData(0, 0, 100, false, null, 0)]          // nothing watched
    [InlineData(10, 10, 100, false, null, 0)]        // sampled, under 20 %
    [InlineData(50, 50, 100, false, null, 0.7)]      // half: 0.4 + 0.6 · 0.5
    [InlineData(20, 95, 100, false, null, 1.0)]      // skipped to the end: the 90 % rule
    [InlineData(100, 100, 100, true, 2, -1.0)]       // finished, then rated 2: disliked
    [InlineData(0, 0, 0, false, 4, 0.8)]             // rated without watching here
    public void Watch_signals_follow_ratings_first_then_the_share_watched(double watched, double position, double duration, bool completed, int? stars, double expected)
    {
        Assert.Equal(expected, WatchSignals.Strength(watched, position, duration, completed, stars), 6);
    }

    [Fact]
    public void Shrinkage_ranks_a_pair_many_watched_together_above_a_pair_of_two_rare_titles()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), rare1 = Guid.NewGuid(), rare2 = Guid.NewGuid();
        var likings = new List<IReadOnlyList<Guid>>();
        for (int i = 0; i < 40; i++)
            likings.Add(i < 30 ? [a, b] : [a]);
        likings.Add([a, rare1, rare2]);
        likings.Add([rare1, rare2]);
        var result = new ItemSimilarity { Shrinkage = 10, MinCoCount = 2 }.Compute(likings);
        var ofA = result.Neighbours[a];
        Assert.Equal(b, ofA[0].TitleId);
        // Plain cosine would put rare1–rare2 at 1.0, above a–b (≈ 0.87); shrunk it is 2/12 of that.
        Assert.True(result.Neighbours[rare1].Single(n => n.TitleId == rare2).Score < ofA[0].Score);
        Assert.DoesNotContain(ofA, n => n.TitleId == rare1); // seen together once: under MinCoCount
        Assert.Equal(42, result.Users);
    }

    [Theory]
    [InlineData("""{"stars":4}""", 4, null)]
    [InlineData("""{"stars":0}""", 0, "stars must be from 1 to 5, not 0")]
    [InlineData("""{"stars":6}""", 0, "stars must be from 1 to 5, not 6")]
    [InlineData("""{"stars":4.5}""", 0, "stars must be a whole number from 1 to 5")]
    [InlineData("""{"stars":"4"}""", 0, "stars must be a whole number from 1 to 5")]
    [InlineData("""{}""", 0, "stars is required: a whole number from 1 to 5")]
    [InlineData("""[4]""", 0, "stars is required: a whole number from 1 to 5")]
    public void A_rating_body_is_a_whole_number_of_stars_from_1_to_5(string json, int stars, string? reason)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal((stars, reason), RecommendationEndpoints.StarsFrom(document.RootElement));
    }

    [Fact]
    public void Options_name_what_is_wrong()
    {
        Assert.Empty(new RecommendationOptions().Problems());
        var problems = new RecommendationOptions { RecomputeCron = "often", NeighboursPerTitle = 0, SessionRetention = TimeSpan.FromSeconds(1) }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("RecomputeCron"));
        Assert.Contains(problems, p => p.Contains("NeighboursPerTitle"));
        Assert.Contains(problems, p => p.Contains("SessionRetention"));
    }
}
