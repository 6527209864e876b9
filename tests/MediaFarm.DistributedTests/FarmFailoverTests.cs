using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Failover on real processes: the worker that owns an asset is killed (SIGKILL) mid-transcode, five
/// times over with different assets. The scheduler drops the silent node and moves its running job to
/// the asset's next owner; every asset still becomes ready and is published once.
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
    public async Task Killing_the_owner_mid_transcode_moves_the_job_to_another_node_within_15_s_five_times()
    {
        // A slower preset keeps each transcode running long enough to be caught in the act.
        await using var farm = await DistributedFarm.StartAsync([Worker("w1"), Worker("w2"), Worker("w3")],
            new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 3);
        string clip = await TestMedia.ClipAsync(8, 1280, 720);

        var restarts = new List<TimeSpan>();
        for (int round = 1; round <= 5; round++)
        {
            string id = await farm.Http.UploadAcceptedAsync(clip);
            var transcoding = await WaitForAsync(farm.Http, id, a => a["status"]!.GetValue<string>() == "transcoding" && a["progress"]!.GetValue<double>() >= 2,
                TimeSpan.FromMinutes(3), "transcoding under way");
            string owner = transcoding["placement"]!["node"]!.GetValue<string>();
            var ownerProcess = farm.Workers.Single(w => w.Settings["Worker__NodeId"] == owner && w.ProcessId is not null);

            await ownerProcess.KillAsync();
            var killedAt = DateTimeOffset.UtcNow;

            var moved = await WaitForAsync(farm.Http, id, a => TranscodeOn(a) is { } node && node != owner, TimeSpan.FromSeconds(60), "the transcode restarting elsewhere");
            string heir = TranscodeOn(moved)!;
            var restart = moved["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!;
            var after = DateTimeOffset.Parse(restart["startedAt"]!.GetValue<string>()) - killedAt;
            restarts.Add(after);
            Console.WriteLine($"round {round}: asset {id} on {owner} killed mid-transcode; restarted on {heir} after {after.TotalSeconds:F1} s");
            Assert.True(after < RestartLimit, $"round {round}: the transcode restarted {after.TotalSeconds:F1} s after the kill");

            // The node comes back under the same id while the asset finishes; the moved asset stays where it went.
            await farm.AddWorkerAsync(Worker(owner));
            var asset = await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4));
            Assert.Equal(heir, asset["placement"]!["node"]!.GetValue<string>());
            Assert.Contains($"failed over from {owner}", asset["placement"]!["note"]!.GetValue<string>());
            Assert.Equal(owner, asset["previousPlacements"]!.AsArray().Single()!["node"]!.GetValue<string>());
            var laterStages = asset["timings"]!.AsArray().Where(t => t!["stage"]!.GetValue<string>() != "probe").ToArray();
            Assert.All(laterStages, t => Assert.Equal(heir, t!["node"]!.GetValue<string>()));
            Assert.Equal(2, laterStages.Single(t => t!["stage"]!.GetValue<string>() == "transcode")!["attempt"]!.GetValue<int>());

            await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
            Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox WHERE routing_key = 'asset.published' AND asset_id = @id", new { id = Guid.Parse(id).ToString("N") }));
            await farm.Http.WaitForNodesAsync(n => n.Count == 3);
        }
        Console.WriteLine($"kill → restart on another node: max {restarts.Max().TotalSeconds:F1} s, mean {restarts.Average(r => r.TotalSeconds):F1} s");
    }

    [Fact]
    public async Task A_node_restarted_within_the_timeout_gives_up_what_its_previous_run_had_in_flight()
    {
        // One node: when it comes straight back it is never dropped, yet its earlier run's transcode is dead.
        await using var farm = await DistributedFarm.StartAsync([Worker("solo")], new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 1);
        string id = await farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(8, 1280, 720));
        await WaitForAsync(farm.Http, id, a => a["status"]!.GetValue<string>() == "transcoding" && a["progress"]!.GetValue<double>() >= 2,
            TimeSpan.FromMinutes(3), "transcoding under way");

        await farm.Workers[0].KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await farm.AddWorkerAsync(Worker("solo"));

        var restarted = await WaitForAsync(farm.Http, id, a => TranscodeAttempt(a) == 2, TimeSpan.FromSeconds(60), "the transcode restarting");
        var after = DateTimeOffset.Parse(restarted["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!["startedAt"]!.GetValue<string>()) - killedAt;
        Console.WriteLine($"restarted node: transcode resumed {after.TotalSeconds:F1} s after the kill");
        Assert.True(after < RestartLimit, $"the transcode restarted {after.TotalSeconds:F1} s after the kill");

        var asset = await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4));
        Assert.Equal("solo", asset["placement"]!["node"]!.GetValue<string>());
        Assert.Empty(asset["previousPlacements"]!.AsArray());
        Assert.Equal(2, TranscodeAttempt(asset));
    }

    private static int? TranscodeAttempt(JsonNode asset) =>
        asset["timings"]!.AsArray().SingleOrDefault(t => t!["stage"]!.GetValue<string>() == "transcode")?["attempt"]?.GetValue<int>();

    /// <summary>The node the transcode stage is (or was last) running on.</summary>
    private static string? TranscodeOn(JsonNode asset) =>
        asset["timings"]!.AsArray().SingleOrDefault(t => t!["stage"]!.GetValue<string>() == "transcode")?["node"]?.GetValue<string>();

    private static async Task<JsonNode> WaitForAsync(HttpClient http, string id, Func<JsonNode, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var asset = await http.GetAssetAsync(id);
            if (condition(asset))
                return asset;
            if (asset["status"]!.GetValue<string>() is "ready" or "failed" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Waiting for {what}, asset {id} is: {asset.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
