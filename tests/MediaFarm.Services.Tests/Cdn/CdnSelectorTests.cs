using MediaFarm.Services.Cdn;

namespace MediaFarm.Services.Tests.Cdn;

public sealed class CdnSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private static CdnEdgeOptions Edge(string name, int weight, params string[] countries) =>
        new() { Name = name, BaseUrl = $"http://{name}.test", Weight = weight, Countries = [.. countries] };

    private static Func<string, CdnHealthStatus?> Health(params (string Name, bool Up)[] states) =>
        name => states.Where(s => s.Name == name).Select(s => new CdnHealthStatus(s.Up, Now, s.Up ? null : Now, s.Up ? null : "down")).FirstOrDefault();

    private static Dictionary<string, int> Split(IReadOnlyList<CdnEdgeOptions> edges, Func<string, CdnHealthStatus?> health, string country, int draws)
    {
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < draws; i++)
        {
            // Evenly spaced draws: the split is the weights' exact proportion, whatever the random source does.
            var choice = CdnSelector.Choose(edges, health, country, Now, Window, (i + 0.5) / draws);
            counts[choice.Name] = counts.GetValueOrDefault(choice.Name) + 1;
        }
        return counts;
    }

    [Fact]
    public void Weights_split_the_responses_in_proportion()
    {
        var counts = Split([Edge("a", 70), Edge("b", 30)], Health(("a", true), ("b", true)), "DE", 1000);
        Assert.Equal(700, counts["a"]);
        Assert.Equal(300, counts["b"]);
    }

    [Fact]
    public void A_down_cdn_gets_nothing_and_the_reason_names_the_choice()
    {
        var edges = new[] { Edge("a", 70), Edge("b", 30) };
        var counts = Split(edges, Health(("a", false), ("b", true)), "DE", 100);
        Assert.Equal(100, counts["b"]);
        var choice = CdnSelector.Choose(edges, Health(("a", false), ("b", true)), "DE", Now, Window, 0.1);
        Assert.Equal("b: healthy, serves every country, the only candidate", choice.Reason);
    }

    [Fact]
    public void Cdns_naming_the_country_come_first_and_others_never_serve_it()
    {
        var edges = new[] { Edge("eu", 1, "DE", "FR"), Edge("us", 5, "US"), Edge("world", 10) };
        var health = Health(("eu", true), ("us", true), ("world", true));
        Assert.Equal(100, Split(edges, health, "DE", 100)["eu"]);
        Assert.Equal(100, Split(edges, health, "US", 100)["us"]);
        Assert.Equal(100, Split(edges, health, "JP", 100)["world"]); // us and eu name other countries only
        Assert.Contains("serves DE", CdnSelector.Choose(edges, health, "de", Now, Window, 0.5).Reason);
    }

    [Fact]
    public void When_the_country_cdn_is_down_the_global_ones_take_over_and_with_none_the_origin_serves()
    {
        var edges = new[] { Edge("eu", 1, "DE"), Edge("world", 1) };
        Assert.Equal("world", CdnSelector.Choose(edges, Health(("eu", false), ("world", true)), "DE", Now, Window, 0.5).Name);

        var none = CdnSelector.Choose(edges, Health(("eu", false), ("world", false)), "DE", Now, Window, 0.5);
        Assert.Null(none.Edge);
        Assert.Equal(CdnSelector.OriginName, none.Name);
        Assert.Equal("every CDN is down; served by the origin", none.Reason);

        var elsewhere = CdnSelector.Choose([Edge("eu", 1, "DE")], Health(("eu", true)), "US", Now, Window, 0.5);
        Assert.Equal("no healthy CDN serves US; served by the origin", elsewhere.Reason);
        Assert.Equal("no CDN is configured", CdnSelector.Choose([], Health(), "US", Now, Window, 0.5).Reason);
    }

    [Fact]
    public void An_unchecked_cdn_counts_as_up()
    {
        var choice = CdnSelector.Choose([Edge("a", 1)], _ => null, "DE", Now, Window, 0.5);
        Assert.Equal("a", choice.Name);
        Assert.StartsWith("a: not checked yet", choice.Reason);
    }

    [Fact]
    public void A_recent_failure_halves_the_weight_until_the_window_passes()
    {
        var edges = new[] { Edge("a", 50), Edge("b", 50) };
        CdnHealthStatus? Recovered(string name) => name == "a" ? new CdnHealthStatus(true, Now, Now.AddSeconds(-30), "was down") : new CdnHealthStatus(true, Now, null, null);
        var counts = Split(edges, Recovered, "DE", 300);
        Assert.Equal(100, counts["a"]); // 25 of 75
        Assert.Equal(200, counts["b"]);
        Assert.Contains("halved", CdnSelector.Choose(edges, Recovered, "DE", Now, Window, 0.1).Reason);
        Assert.Equal(50, CdnSelector.EffectiveWeight(edges[0], Recovered("a"), Now.AddMinutes(3), Window));
    }
}
