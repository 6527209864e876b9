using MediaFarm.Testing;

namespace MediaFarm.Benchmarks;

/// <summary>
/// How long publishing takes against the transcode of the same asset, on the S3 store (RadosGW): a 120 s
/// clip through the farm as processes (api, scheduler, services, one worker), three runs; prints each run's
/// publish and transcode seconds and their ratio.
/// </summary>
public static class PublishBenchmark
{
    public static async Task<int> RunAsync(int seconds = 120, int width = 640, int height = 360)
    {
        await using var farm = await DistributedFarm.StartAsync(workers: 1, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        string clip = await TestMedia.ClipAsync(seconds, width, height);
        Console.WriteLine($"Publish vs transcode, {seconds} s {width}x{height} clip, S3 store (RadosGW), one worker:");
        Console.WriteLine("| run | transcode s | publish s | publish / transcode |");
        Console.WriteLine("|---|---|---|---|");
        var ratios = new List<double>();
        for (int run = 1; run <= 3; run++)
        {
            string id = await farm.Http.UploadAcceptedAsync(clip);
            var asset = await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(10));
            double Stage(string name) => asset["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == name)!["seconds"]!.GetValue<double>();
            double transcode = Stage("transcode"), publish = Stage("publish");
            ratios.Add(publish / transcode);
            Console.WriteLine($"| {run} | {transcode:F1} | {publish:F2} | {publish / transcode:F3} |");
        }
        ratios.Sort();
        Console.WriteLine($"median publish / transcode: {ratios[1]:F3} (target ≤ 0.10)");
        return 0;
    }
}
