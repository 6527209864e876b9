using MediaFarm.Infrastructure.ViewerData.Redis;

namespace MediaFarm.Infrastructure.Tests.ViewerData;

public sealed class SlotPlanTests
{
    private static Dictionary<string, IReadOnlyList<int>> Even(params string[] masters)
    {
        var map = masters.ToDictionary(m => m, _ => (IReadOnlyList<int>)new List<int>());
        for (int slot = 0; slot < SlotPlan.Slots; slot++)
            ((List<int>)map[masters[slot * masters.Length / SlotPlan.Slots]]).Add(slot);
        return map;
    }

    private static Dictionary<string, int> After(Dictionary<string, IReadOnlyList<int>> before, IReadOnlyList<SlotMove> moves)
    {
        var owner = before.SelectMany(p => p.Value.Select(s => (s, p.Key))).ToDictionary(x => x.s, x => x.Key);
        foreach (var m in moves)
        {
            Assert.Equal(m.From, owner[m.Slot]);
            owner[m.Slot] = m.To;
        }
        return owner.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public void A_fourth_master_gets_a_quarter_and_only_that_moves()
    {
        var before = Even("a", "b", "c");
        var moves = SlotPlan.Balance(before, ["a", "b", "c", "d"]);
        Assert.Equal(4096, moves.Count);
        Assert.All(moves, m => Assert.Equal("d", m.To));
        Assert.All(After(before, moves).Values, n => Assert.Equal(4096, n));
    }

    [Fact]
    public void A_drained_master_gives_every_slot_away_evenly()
    {
        var before = Even("a", "b", "c", "d");
        var moves = SlotPlan.Balance(before, ["a", "b", "c"]);
        Assert.Equal(4096, moves.Count);
        Assert.All(moves, m => Assert.Equal("d", m.From));
        var after = After(before, moves);
        Assert.False(after.ContainsKey("d"));
        Assert.All(after.Values, n => Assert.InRange(n, 5461, 5462));
        Assert.Equal(SlotPlan.Slots, after.Values.Sum());
    }

    [Fact]
    public void A_balanced_cluster_moves_nothing_and_an_uneven_one_is_evened()
    {
        Assert.Empty(SlotPlan.Balance(Even("a", "b", "c"), ["a", "b", "c"]));
        var uneven = new Dictionary<string, IReadOnlyList<int>> { ["a"] = Enumerable.Range(0, 16000).ToList(), ["b"] = Enumerable.Range(16000, 384).ToList() };
        var moves = SlotPlan.Balance(uneven, ["a", "b"]);
        Assert.Equal(8192 - 384, moves.Count);
        Assert.All(After(uneven, moves).Values, n => Assert.Equal(8192, n));
    }

    [Fact]
    public void Ranges_are_compact() => Assert.Equal("0-2,5,7-8", RedisClusterAdmin.Ranges([8, 0, 1, 2, 5, 7]));
}
