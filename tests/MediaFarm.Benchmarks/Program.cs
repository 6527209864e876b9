using MediaFarm.Benchmarks;

// dotnet MediaFarm.Benchmarks.dll [latency|outbox|upload|placement|all] — or "worker <connection> <seconds>" (internal).
return args switch
{
    ["worker", var connection, var seconds] => await LatencyBenchmark.RunWorkerAsync(connection, int.Parse(seconds)),
    ["latency"] => await LatencyBenchmark.RunAsync(),
    ["outbox"] => await OutboxBenchmark.RunAsync(),
    ["upload"] => await UploadBenchmark.RunAsync(),
    ["placement"] => await PlacementBenchmark.RunAsync(),
    [] or ["all"] => await LatencyBenchmark.RunAsync() + await OutboxBenchmark.RunAsync() + await UploadBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MediaFarm.Benchmarks [latency|outbox|upload|placement|all]");
    return 2;
}
