using System.Diagnostics;
using System.Net.Http.Headers;
using MediaFarm.Infrastructure.Storage.S3;
using MediaFarm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaFarm.Benchmarks;

/// <summary>
/// S3 upload throughput of the same 1 GB file: streamed through the API (multipart/form-data to
/// POST /v1/assets, on to RadosGW) versus a direct SDK put, and the API process's peak RSS meanwhile.
/// </summary>
public static class UploadBenchmark
{
    private const long Size = 1L << 30;

    public static async Task<int> RunAsync()
    {
        string file = Path.Combine(Path.GetTempPath(), "mediafarm-bench-1g.bin");
        if (!File.Exists(file) || new FileInfo(file).Length != Size)
            await WriteFileAsync(file);

        await using var farm = await DistributedFarm.StartWithoutRolesAsync();
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });
        var options = new S3Options
        {
            Endpoint = farm.Settings["S3__Endpoint"], AccessKey = farm.Settings["S3__AccessKey"],
            SecretKey = farm.Settings["S3__SecretKey"], Region = farm.Settings["S3__Region"], Bucket = farm.Bucket,
        };
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var direct = new S3ObjectStore(S3Clients.Minio(options), S3Clients.Aws(options), Options.Create(options), http);

        long selfBefore = Rss(Environment.ProcessId), selfPeak = selfBefore;
        using (new Timer(_ => selfPeak = Math.Max(selfPeak, Rss(Environment.ProcessId)), null, 0, 50))
        {
        }
        var selfSampler = new Timer(_ => selfPeak = Math.Max(selfPeak, Rss(Environment.ProcessId)), null, 0, 50);
        var watch = Stopwatch.StartNew();
        await using (var stream = File.OpenRead(file))
            await direct.PutAsync("bench/direct.bin", stream);
        double directSeconds = watch.Elapsed.TotalSeconds;
        await selfSampler.DisposeAsync();
        Console.WriteLine($"(direct put: this process's RSS grew {(selfPeak - selfBefore) / 1048576} MB)");

        long baseline = Rss(api.ProcessId!.Value), peak = baseline;
        using var sampler = new Timer(_ => peak = Math.Max(peak, Rss(api.ProcessId!.Value)), null, 0, 50);
        watch.Restart();
        using (var form = new MultipartFormDataContent())
        {
            var content = new StreamContent(File.OpenRead(file), 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", "bench.bin");
            using var response = await api.Client.PostAsync("/v1/assets", form);
            response.EnsureSuccessStatusCode();
        }
        double apiSeconds = watch.Elapsed.TotalSeconds;
        peak = Math.Max(peak, Rss(api.ProcessId!.Value));

        double mb = Size / 1048576.0;
        Console.WriteLine($"S3 upload of 1 GiB: direct SDK put {mb / directSeconds:F0} MB/s ({directSeconds:F1} s), through the API {mb / apiSeconds:F0} MB/s ({apiSeconds:F1} s), " +
                          $"ratio {directSeconds / apiSeconds:F2}; API RSS {baseline / 1048576} MB before, peak {peak / 1048576} MB (growth {(peak - baseline) / 1048576} MB)");
        return 0;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return 0;
    }

    private static async Task WriteFileAsync(string path)
    {
        var block = new byte[1 << 20];
        new Random(7).NextBytes(block);
        await using var file = File.Create(path);
        for (long written = 0; written < Size; written += block.Length)
        {
            block[0]++;
            await file.WriteAsync(block);
        }
    }
}
