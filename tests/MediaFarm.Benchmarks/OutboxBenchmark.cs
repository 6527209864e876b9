using System.Diagnostics;
using Dapper;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MediaFarm.Benchmarks;

/// <summary>Outbox → RabbitMQ relay throughput: events written first, then relayed with publisher confirms.</summary>
public static class OutboxBenchmark
{
    private const int Events = 5000;

    public static async Task<int> RunAsync()
    {
        var db = new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_bench_outbox")));
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var assets = new AssetRepository(db, new OutboxSignal());
        var now = DateTimeOffset.UtcNow;
        for (int i = 0; i < Events; i++)
        {
            var asset = Asset.New(Guid.CreateVersion7(), null, null, 1, false, null, now);
            await assets.CreateAsync(asset, [AssetEvents.Uploaded(asset)]);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = TestServices.RabbitMq,
        }).Build();
        await using var connection = new RabbitMqConnection(configuration);
        await using var transport = new RabbitMqEventTransport(connection, new EventMetrics());
        var outbox = new OutboxStore(db);
        await outbox.RelayAsync(1, transport.PublishAsync, default); // connect and declare first

        var watch = Stopwatch.StartNew();
        int sent = 1;
        while (sent < Events)
            sent += await outbox.RelayAsync(100, transport.PublishAsync, default);
        double seconds = watch.Elapsed.TotalSeconds;
        await using var check = await db.OpenAsync();
        long pending = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL");
        Console.WriteLine($"outbox relay to RabbitMQ (persistent, publisher confirms, batches of 100): {Events - 1} events in {seconds:F2} s = {(Events - 1) / seconds:F0} events/s (left unsent: {pending})");
        return 0;
    }
}
