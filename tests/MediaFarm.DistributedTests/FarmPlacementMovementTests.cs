using System.Diagnostics;
using MediaFarm.Testing;
using Xunit.Abstractions;

namespace MediaFarm.DistributedTests;

/// <summary>
/// The persisted placement map on the farm as processes: 10,000 random ids are looked up through
/// GET /v1/farm/placement/{id} before a join, after it, and after the newcomer is killed (SIGKILL) and
/// dropped by the node timeout.
/// </summary>
public sealed class FarmPlacementMovementTests(ITestOutputHelper output)
{
    private const int Keys = 10_000;

    private static Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = "cpu",
        ["Worker__Encoder"] = "libx264",
        ["Worker__Slots"] = "1",
    };

    [Fact]
    public async Task A_join_moves_one_key_in_n_plus_one_to_the_newcomer_and_its_death_hands_exactly_those_back()
    {
        // A short node timeout so the killed node is dropped within seconds.
        await using var farm = await DistributedFarm.StartAsync(
            [Worker("w1"), Worker("w2"), Worker("w3")], new Dictionary<string, string> { ["Scheduler__NodeTimeoutSeconds"] = "3" });
        string[] old = ["w1", "w2", "w3"];
        long v3 = await PlacementProbe.WaitForMapAsync(farm.Http, old, TimeSpan.FromSeconds(60));
        var ids = Enumerable.Range(0, Keys).Select(_ => Guid.NewGuid()).ToArray();

        var clock = Stopwatch.StartNew();
        var (before, versionBefore) = await PlacementProbe.OwnersAsync(farm.Http, ids);
        output.WriteLine($"{Keys} owners through the endpoint in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(v3, versionBefore);

        var newcomer = await farm.AddWorkerAsync(Worker("w4"));
        long v4 = await PlacementProbe.WaitForMapAsync(farm.Http, [.. old, "w4"], TimeSpan.FromSeconds(60));
        var (joined, versionJoined) = await PlacementProbe.OwnersAsync(farm.Http, ids);
        Assert.Equal(v4, versionJoined);
        Assert.True(v4 > v3);

        var join = PlacementProbe.Compare(before, joined, old.ToHashSet());
        output.WriteLine($"3 → 4: moved {join.MovedFraction:F4} (ideal {1.0 / 4:F4}), between old nodes {join.MovedBetweenOldNodes}; map v{v3} → v{v4}");
        Assert.InRange(join.MovedFraction, 0.25 * 0.95, 0.25 * 1.05);
        Assert.Equal(0, join.MovedBetweenOldNodes);
        Assert.Equal(["w4"], join.MovedTo.Keys);

        int pid = newcomer.ProcessId!.Value;
        Process.GetProcessById(pid).Kill(); // SIGKILL: no goodbye, the node only stops heartbeating
        clock.Restart();
        long v5 = await PlacementProbe.WaitForMapAsync(farm.Http, old, TimeSpan.FromSeconds(30));
        output.WriteLine($"w4 (pid {pid}) killed: out of the map (v{v5}) after {clock.Elapsed.TotalSeconds:F1} s");
        var (afterLeave, versionLeft) = await PlacementProbe.OwnersAsync(farm.Http, ids);
        Assert.Equal(v5, versionLeft);

        // Only w4's keys moved, and each went back to the node it had before w4 joined: the map is the pre-join one again.
        var leave = PlacementProbe.Compare(joined, afterLeave, old.ToHashSet());
        Assert.Equal(joined.Count(o => o == "w4"), leave.Moved);
        Assert.Equal(0, leave.MovedBetweenOldNodes);
        Assert.Equal(before, afterLeave);
        await newcomer.KillAsync();
    }
}
