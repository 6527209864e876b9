using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Failover of a node that comes straight back: its earlier run's job moves (back onto it) although the
/// node never looked dead. Kills of owners among several nodes are in <see cref="FarmChaosTests"/>.
/// </summary>
public sealed class FarmFailoverTests
{
    private static readonly TimeSpan RestartLimit = TimeSpan.FromSeconds(15);

    private static Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = "cpu",
        ["Worker__Slots"] = "2",
    };

    [Fact]
    public async Task A_node_restarted_within_the_timeout_gives_up_what_its_previous_run_had_in_flight()
    {
        // One node: when it comes straight back it is never dropped, yet its earlier run's transcode is dead.
        await using var farm = await DistributedFarm.StartAsync([Worker("solo")], new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 1);
        string id = await farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(8, 1280, 720));
        await farm.Http.WaitForAssetAsync(id, a => a["status"]!.GetValue<string>() == "transcoding" && a["progress"]!.GetValue<double>() >= 2,
            TimeSpan.FromMinutes(3), "transcoding under way");

        await farm.Workers[0].KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await farm.AddWorkerAsync(Worker("solo"));

        var restarted = await farm.Http.WaitForAssetAsync(id, a => TranscodeAttempt(a) == 2, TimeSpan.FromSeconds(60), "the transcode restarting");
        var after = DateTimeOffset.Parse(restarted["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!["startedAt"]!.GetValue<string>()) - killedAt;
        Console.WriteLine($"restarted node: transcode resumed {after.TotalSeconds:F1} s after the kill");
        Assert.True(after < RestartLimit, $"the transcode restarted {after.TotalSeconds:F1} s after the kill at {killedAt:O}\n"
            + $"scheduler log:\n{farm.Scheduler.Log}\nrestarted worker's log:\n{farm.Workers[1].Log}");

        var asset = await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4));
        Assert.Equal("solo", asset["placement"]!["node"]!.GetValue<string>());
        Assert.Empty(asset["previousPlacements"]!.AsArray());
        Assert.Equal(2, TranscodeAttempt(asset));
    }

    private static int? TranscodeAttempt(JsonNode asset) =>
        asset["timings"]!.AsArray().SingleOrDefault(t => t!["stage"]!.GetValue<string>() == "transcode")?["attempt"]?.GetValue<int>();
}
