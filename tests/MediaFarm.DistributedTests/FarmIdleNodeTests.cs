using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Work stranded behind a busy node: a burst of uploads lands on the only node (one slot), then a second
/// node joins. The waiting stages move to it instead of waiting their turn, and every stage still runs once.
/// </summary>
public sealed class FarmIdleNodeTests
{
    private static Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id, ["Worker__HardwareClass"] = "cpu", ["Worker__Slots"] = "1",
    };

    [Fact]
    public async Task An_idle_node_takes_the_unstarted_stages_of_a_busy_one_and_each_stage_runs_once()
    {
        await using var farm = await DistributedFarm.StartAsync([Worker("w0")], new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 1);
        string clip = await TestMedia.ClipAsync(6, 854, 480);
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
            ids.Add(await farm.Http.UploadAcceptedAsync(clip));
        foreach (var id in ids)
            Assert.Equal("w0", (await farm.Http.GetAssetAsync(id))["placement"]!["node"]!.GetValue<string>());

        await farm.AddWorkerAsync(Worker("w1"));
        foreach (var id in ids)
            await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(6));

        var stagesOnW1 = new List<string>();
        foreach (var id in ids)
        {
            var asset = await farm.Http.GetAssetAsync(id);
            var timings = asset["timings"]!.AsArray();
            // One execution per stage: one timing each, every one finished.
            Assert.Equal(timings.Count, timings.Select(t => t!["stage"]!.GetValue<string>()).Distinct().Count());
            Assert.All(timings, t => Assert.NotNull(t!["finishedAt"]));
            stagesOnW1.AddRange(timings.Where(t => t!["node"]!.GetValue<string>() == "w1").Select(t => $"{id[..8]}:{t!["stage"]}"));
        }
        Assert.True(stagesOnW1.Count >= 3, $"the joined node ran only [{string.Join(", ", stagesOnW1)}]");

        await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
        foreach (var id in ids)
            Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox WHERE routing_key = 'asset.published' AND asset_id = @id", new { id = Guid.Parse(id).ToString("N") }));
        // Each move deleted exactly the job it copied.
        long moves = farm.Scheduler.Log.Split('\n').Count(l => l.Contains("Idle move: ", StringComparison.Ordinal));
        long deleted = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job WHERE statename = 'Deleted'");
        Console.WriteLine($"idle moves {moves}, Hangfire jobs deleted {deleted}; stages on w1: {string.Join(", ", stagesOnW1)}");
        Assert.Equal(moves, deleted);
    }
}
