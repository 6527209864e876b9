using MediaFarm.Benchmarks;

// dotnet MediaFarm.Benchmarks.dll [latency|outbox|upload|origin|edge|placement|sharding|viewer-data|heartbeats|publish|farm-batch|recommendations|movement [n…]|search [sqlite|postgres]|all] — or "worker <connection> <seconds>" (internal).
return args switch
{
    ["worker", var connection, var seconds] => await LatencyBenchmark.RunWorkerAsync(connection, int.Parse(seconds)),
    ["latency"] => await LatencyBenchmark.RunAsync(),
    ["outbox"] => await OutboxBenchmark.RunAsync(),
    ["upload"] => await UploadBenchmark.RunAsync(),
    ["origin"] => await OriginBenchmark.RunAsync(),
    ["edge"] => await EdgeBenchmark.RunAsync(),
    ["placement"] => await PlacementBenchmark.RunAsync(),
    ["sharding"] => await ShardingBenchmark.RunAsync(),
    ["viewer-data"] => await ViewerDataBenchmark.RunAsync(),
    ["heartbeats"] => await HeartbeatBenchmark.RunAsync(),
    ["publish"] => await PublishBenchmark.RunAsync(),
    ["farm-batch"] => await FarmBatchBenchmark.RunAsync(),
    ["recommendations"] => await RecommendationBenchmark.RunAsync(),
    ["search", .. var modes] => await SearchBenchmark.RunAsync(modes.FirstOrDefault()),
    ["movement", .. var sizes] => await PlacementMovementBenchmark.RunAsync(sizes.Length > 0 ? sizes.Select(int.Parse).ToArray() : [3, 10]),
    [] or ["all"] => await LatencyBenchmark.RunAsync() + await OutboxBenchmark.RunAsync() + await UploadBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MediaFarm.Benchmarks [latency|outbox|upload|origin|edge|placement|sharding|viewer-data|heartbeats|publish|farm-batch|recommendations|movement [n…]|search [sqlite|postgres]|all]");
    return 2;
}
