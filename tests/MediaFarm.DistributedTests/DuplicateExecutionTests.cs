using System.Text.Json.Nodes;
using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Scheduler;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Duplicate deliveries forced on real processes: while an asset transcodes on its node, copies of the
/// same stage job are put straight into both nodes' queues (past placement, as a failover of a node
/// wrongly thought dead or a redelivery would), so two or three executions of one stage run at once.
/// The stage lease lets exactly one of them work; the asset is ready once, from one output.
/// </summary>
public sealed class DuplicateExecutionTests
{
    private static Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = "cpu",
        ["Worker__Slots"] = "2",
    };

    [Fact]
    public async Task Two_executions_of_one_stage_forced_concurrently_produce_one_output_and_a_ready_asset()
    {
        await using var farm = await DistributedFarm.StartAsync([Worker("d1"), Worker("d2")],
            new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 2);
        var client = new BackgroundJobClient(HangfireStorageSetup.CreatePostgresStorage(farm.PostgresConnectionString, new SchedulerOptions()));
        string clip = await TestMedia.ClipAsync(6, 1280, 720);

        string id = await farm.Http.UploadAcceptedAsync(clip);
        var assetId = Guid.Parse(id);
        var transcoding = await farm.Http.WaitForAssetAsync(id, a => a["status"]!.GetValue<string>() == "transcoding", TimeSpan.FromMinutes(2), "transcoding");
        string owner = transcoding["placement"]!["node"]!.GetValue<string>();
        string other = owner == "d1" ? "d2" : "d1";

        // One copy on the other node, one beside the original on its own node (it has a free slot).
        var copy = Job.FromExpression<IPipelineStageJob>(j => j.RunAsync(assetId, PipelineStage.Transcode, CancellationToken.None));
        client.Create(copy, new EnqueuedState(NodeQueues.For(other)));
        client.Create(copy, new EnqueuedState(NodeQueues.For(owner)));

        var asset = await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4));
        var transcode = asset["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!;
        Assert.Equal(1, transcode["attempt"]!.GetValue<int>());
        Assert.Equal(owner, transcode["node"]!.GetValue<string>());

        string skipped = string.Join('\n', farm.Workers.Select(w => w.Log));
        Assert.Equal(2, CountLines(skipped, $"Skipping Transcode for asset {assetId}"));

        await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE routing_key = 'asset.published' AND asset_id = @id", new { id = assetId.ToString("N") }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE routing_key = 'asset.stage-completed' AND asset_id = @id AND payload LIKE '%\"transcode\"%'",
            new { id = assetId.ToString("N") }));

        // One output: the published package plays from one set of files, and no attempt is left in the work area.
        var objects = new List<string>();
        await foreach (var item in new S3Probe(farm.Bucket).Store.ListAsync(""))
            objects.Add(item.Key);
        Assert.DoesNotContain(objects, k => k.StartsWith($"work/{assetId:N}/", StringComparison.Ordinal));
        Assert.Contains($"public/{assetId:N}/master.m3u8", objects);
        foreach (var worker in farm.Workers)
            Assert.False(Directory.Exists(Path.Combine(worker.Settings["Media__ScratchDirectory"], assetId.ToString("N"))), "scratch left behind");
    }

    private static int CountLines(string log, string text) => log.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));
}
