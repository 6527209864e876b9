using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Chaos on the farm as processes: three workers under a stream of uploads; transcoding workers are
/// killed with SIGKILL (the worker process only, as the kernel's OOM killer or a crash would: its ffmpeg
/// is not killed for it) and come back 3 s later under the same id and scratch folder; the scheduler is
/// killed once too. What users and operators would see is checked: every asset ready and published
/// once, no media tool outliving its worker, no scratch left, each moved job moved once, and how long
/// a killed transcode took to run again on its heir.
/// </summary>
public sealed class FarmChaosTests
{
    /// <summary>Five in the test run; MEDIAFARM_CHAOS_KILLS asks for more when measuring the kill → running distribution.</summary>
    private static readonly int WorkerKills = int.TryParse(Environment.GetEnvironmentVariable("MEDIAFARM_CHAOS_KILLS"), out int n) && n >= 5 ? n : 5;
    private readonly string _scratch = Directory.CreateTempSubdirectory("mediafarm-chaos-").FullName;

    private Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = "cpu",
        ["Worker__Slots"] = "2",
        ["Media__ScratchDirectory"] = Path.Combine(_scratch, id),
    };

    [Fact]
    public async Task Killing_transcoding_workers_and_the_scheduler_loses_nothing_and_leaves_nothing()
    {
        await using var farm = await DistributedFarm.StartAsync([Worker("c1"), Worker("c2"), Worker("c3")],
            new Dictionary<string, string> { ["Media__X264Preset"] = "medium" });
        await farm.Http.WaitForNodesAsync(n => n.Count == 3);
        string[] clips = [await TestMedia.ClipAsync(8, 1280, 720), await TestMedia.ClipAsync(10, 854, 480, fps: 25), await TestMedia.ClipAsync(6, 1280, 720, noise: 12)];
        var ids = new List<string>();
        for (int i = 0; i < 4; i++)
            ids.Add(await farm.Http.UploadAcceptedAsync(clips[i % clips.Length]));

        var schedulers = new List<HostProcess> { farm.Scheduler };
        var restarts = new List<double>();
        var victims = new List<(string Id, string Owner)>();
        for (int kill = 1; kill <= WorkerKills; kill++)
        {
            var (victimId, owner) = await TranscodingAssetAsync(farm, ids.Where(i => victims.All(v => v.Id != i)).Concat(ids).Distinct().ToList(), TimeSpan.FromMinutes(3));
            var victim = farm.Workers.Single(w => w.Settings["Worker__NodeId"] == owner && w.ProcessId is not null);
            Process.GetProcessById(victim.ProcessId!.Value).Kill(entireProcessTree: false);
            var killedAt = DateTimeOffset.UtcNow;
            await victim.KillAsync(); // reaps the dead process only

            var moved = await farm.Http.WaitForAssetAsync(victimId, a => TranscodeStart(a) is { } t && t.Node != owner && t.StartedAt > killedAt,
                TimeSpan.FromSeconds(60), "the killed transcode running on its heir");
            double after = (TranscodeStart(moved)!.Value.StartedAt - killedAt).TotalSeconds;
            restarts.Add(after);
            victims.Add((victimId, owner));
            Console.WriteLine($"kill {kill}: {owner} killed transcoding {victimId}; running on {TranscodeStart(moved)!.Value.Node} after {after:F1} s");

            await Task.Delay(TimeSpan.FromSeconds(3));
            await farm.AddWorkerAsync(Worker(owner));
            ids.Add(await farm.Http.UploadAcceptedAsync(clips[kill % clips.Length]));
            if (kill == 3)
            {
                // The scheduler too: failover pauses while it is down, nothing is lost.
                await farm.Scheduler.KillAsync();
                await Task.Delay(TimeSpan.FromSeconds(2));
                schedulers.Add(await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly));
            }
        }

        try
        {
            foreach (var id in ids)
                await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(6));
            await farm.Http.WaitForNodesAsync(n => n.Count == 3);

            // A moved asset says where it went and where it came from; every stage ran on a node it was placed
            // on (it may have moved again later: another kill took a node holding its later stages, or an idle
            // node took a waiting one).
            foreach (var (id, owner) in victims)
            {
                var asset = await farm.Http.GetAssetAsync(id);
                var placements = asset["previousPlacements"]!.AsArray().Select(p => p!["node"]!.GetValue<string>())
                    .Append(asset["placement"]!["node"]!.GetValue<string>()).ToArray();
                Assert.Contains(owner, placements[..^1]);
                // The failover is in its placement history (an idle node may have taken a later stage since).
                var notes = asset["previousPlacements"]!.AsArray().Append(asset["placement"]).Select(p => p!["note"]?.GetValue<string>() ?? "");
                Assert.Contains(notes, n => n.Contains("failed over from"));
                Assert.All(asset["timings"]!.AsArray(), t => Assert.Contains(t!["node"]!.GetValue<string>(), placements));
                Assert.Equal(placements[^1], asset["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "publish")!["node"]!.GetValue<string>());
            }

            await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
            foreach (var id in ids)
            {
                Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM outbox WHERE routing_key = 'asset.published' AND asset_id = @id", new { id = Guid.Parse(id).ToString("N") }));
            }

            // Each failover or idle move deletes the job it moved and nothing else: no re-creation churn.
            long moves = schedulers.Sum(s => s.Log.Split('\n').Count(l => l.Contains("Failover: ", StringComparison.Ordinal)));
            long idleMoves = schedulers.Sum(s => s.Log.Split('\n').Count(l => l.Contains("Idle move: ", StringComparison.Ordinal)));
            long deleted = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job WHERE statename = 'Deleted'");
            Console.WriteLine($"jobs moved {moves}, moved to idle nodes {idleMoves}, Hangfire jobs deleted {deleted}");
            Assert.True(moves >= WorkerKills, $"only {moves} jobs moved for {WorkerKills} kills");
            Assert.True(deleted <= moves + idleMoves, $"{deleted} jobs created and deleted for {moves} failovers and {idleMoves} idle moves");

            Assert.Empty(MediaToolsUnder(_scratch));
            await AssertNoScratchAsync();

            // Last, so a slow machine still checks everything above: how fast the heirs took over.
            restarts.Sort();
            Console.WriteLine($"kill → running on the heir over {restarts.Count} kills: min {restarts[0]:F1} s, median {restarts[restarts.Count / 2]:F1} s, max {restarts[^1]:F1} s");
            string failovers = string.Join('\n', schedulers.SelectMany(s => s.Log.Split('\n')).Where(l => l.Contains("Failover") || l.Contains("dropped")));
            Assert.True(restarts[restarts.Count / 2] <= 10, $"median kill → running {restarts[restarts.Count / 2]:F1} s; scheduler:\n{failovers}");
            Assert.True(restarts[^1] <= 20, $"slowest kill → running {restarts[^1]:F1} s; scheduler:\n{failovers}");
        }
        finally
        {
            foreach (var scheduler in schedulers.Skip(1))
                await scheduler.DisposeAsync();
        }
    }

    /// <summary>An asset whose transcode is under way (not about to end), and its node.</summary>
    private static async Task<(string Id, string Node)> TranscodingAssetAsync(DistributedFarm farm, List<string> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in ids)
            {
                var asset = await farm.Http.GetAssetAsync(id);
                double progress = asset["progress"]!.GetValue<double>();
                if (asset["status"]!.GetValue<string>() == "transcoding" && progress is >= 2 and <= 70 && TranscodeStart(asset) is { } t)
                    return (id, t.Node);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no asset was transcoding");
    }

    private static (string Node, DateTimeOffset StartedAt)? TranscodeStart(JsonNode asset) =>
        asset["timings"]!.AsArray().SingleOrDefault(t => t!["stage"]!.GetValue<string>() == "transcode") is { } t && t["node"] is { } node
            ? (node.GetValue<string>(), DateTimeOffset.Parse(t["startedAt"]!.GetValue<string>()))
            : null;

    /// <summary>Processes whose command line points into <paramref name="root"/>: media tools of this farm's workers.</summary>
    private static List<string> MediaToolsUnder(string root)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(root, StringComparison.Ordinal) && !File.ReadAllText(Path.Combine(dir, "status")).Contains("State:\tZ"))
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return found;
    }

    /// <summary>No asset folder in any node's scratch (a finished asset's are dropped at publish, a dead run's at restart).</summary>
    private async Task AssertNoScratchAsync()
    {
        string[] left = [];
        var deadline = DateTime.UtcNow.AddSeconds(75); // at most one janitor pass
        while (DateTime.UtcNow < deadline)
        {
            left = Directory.EnumerateDirectories(_scratch).SelectMany(Directory.EnumerateDirectories).ToArray();
            if (left.Length == 0)
                return;
            await Task.Delay(1000);
        }
        Assert.Fail($"scratch left behind: {string.Join(", ", left)}");
    }
}
