using System.Diagnostics;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Does the farm keep every node busy? api, scheduler, services and two workers with one slot each, each
/// worker pinned to its own core (taskset, threads and the ffmpeg they start); eight 360p uploads of 120,
/// 60, 30, 30, 15, 15, 10 and 10 s sent within seconds, three batches with fresh ids. Per batch: the
/// makespan (first upload → last ready) against the ideal, max(total stage seconds / 2, the longest
/// asset's stage seconds), and each node's idle seconds within the makespan.
/// </summary>
public static class FarmBatchBenchmark
{
    private static readonly int[] Durations = [120, 60, 30, 30, 15, 15, 10, 10];

    public static async Task<int> RunAsync(int batches = 3)
    {
        if (Environment.ProcessorCount < 2)
        {
            Console.Error.WriteLine("the batch benchmark pins two workers to two cores: this machine has one");
            return 2;
        }
        static Dictionary<string, string> Worker(string id) => new() { ["Worker__NodeId"] = id, ["Worker__HardwareClass"] = "cpu", ["Worker__Slots"] = "1" };
        await using var farm = await DistributedFarm.StartAsync([Worker("w0"), Worker("w1")], new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        for (int i = 0; i < farm.Workers.Count; i++)
            await PinAsync(farm.Workers[i].ProcessId!.Value, i);
        await farm.Http.WaitForNodesAsync(n => n.Count == 2);
        var clips = new List<string>();
        foreach (int seconds in Durations)
            clips.Add(await TestMedia.ClipAsync(seconds, 640, 360));

        Console.WriteLine($"Eight 360p uploads ({string.Join(", ", Durations)} s) on two one-slot workers pinned to a core each, {batches} batches:");
        Console.WriteLine("| batch | makespan s | ideal s | makespan / ideal | idle w0 s | idle w1 s | split (clip seconds) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var ratios = new List<double>();
        for (int batch = 1; batch <= batches; batch++)
        {
            var started = DateTimeOffset.UtcNow;
            var ids = new List<(string Id, int Seconds)>();
            for (int i = 0; i < clips.Count; i++)
                ids.Add((await farm.Http.UploadAcceptedAsync(clips[i]), Durations[i]));
            var assets = new List<(JsonNode Asset, int Seconds)>();
            foreach (var (id, seconds) in ids)
                assets.Add((await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(15)), seconds));

            var timings = assets.SelectMany(a => a.Asset["timings"]!.AsArray().Select(t => (a.Seconds,
                Node: t!["node"]!.GetValue<string>(), StageSeconds: t["seconds"]!.GetValue<double>(),
                Start: DateTimeOffset.Parse(t["startedAt"]!.GetValue<string>()), End: DateTimeOffset.Parse(t["finishedAt"]!.GetValue<string>())))).ToList();
            var end = timings.Max(t => t.End);
            double makespan = (end - started).TotalSeconds;
            double ideal = Math.Max(timings.Sum(t => t.StageSeconds) / 2,
                assets.Max(a => a.Asset["timings"]!.AsArray().Sum(t => t!["seconds"]!.GetValue<double>())));
            double Idle(string node) => makespan - timings.Where(t => t.Node == node).Sum(t => t.StageSeconds);
            string Split(string node) => string.Join(", ", assets.Where(a => a.Asset["timings"]!.AsArray()
                .Any(t => t!["stage"]!.GetValue<string>() == "transcode" && t["node"]!.GetValue<string>() == node)).Select(a => a.Seconds));
            ratios.Add(makespan / ideal);
            Console.WriteLine($"| {batch} | {makespan:F1} | {ideal:F1} | {makespan / ideal:F2} | {Idle("w0"):F1} | {Idle("w1"):F1} | w0: {Split("w0")} · w1: {Split("w1")} |");
        }
        Console.WriteLine($"worst makespan / ideal {ratios.Max():F2} (target ≤ 1.10)");
        return 0;
    }

    private static async Task PinAsync(int pid, int core)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-c", "-p", core.ToString(), pid.ToString()]) { RedirectStandardOutput = true })!;
        await taskset.WaitForExitAsync();
        if (taskset.ExitCode != 0)
            throw new InvalidOperationException($"taskset could not pin worker {pid} to core {core}");
    }
}
