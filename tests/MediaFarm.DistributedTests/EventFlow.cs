using System.Collections.Concurrent;
using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// The real event pipeline wired by hand for one test: a fresh PostgreSQL database with the outbox, the
/// relay publishing to RabbitMQ with confirms, and a consumer whose handler counts every call.
/// </summary>
public sealed class EventFlow : IAsyncDisposable
{
    private readonly RabbitMqConnection _connection;
    private readonly OutboxRelayService _relay;
    private readonly RabbitMqConsumerService _consumer;

    private EventFlow(IMetadataDatabase database, string consumerName)
    {
        Database = database;
        Signal = new OutboxSignal();
        Assets = new AssetRepository(database, Signal);
        Handler = new CountingHandler(consumerName);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = TestServices.RabbitMq,
        }).Build();
        _connection = new RabbitMqConnection(configuration);
        var metrics = new EventMetrics();
        _relay = new OutboxRelayService(new OutboxStore(database), new RabbitMqEventTransport(_connection, metrics), Signal, metrics,
            NullLogger<OutboxRelayService>.Instance);
        _consumer = new RabbitMqConsumerService(_connection, [Handler], new EventInbox(database), metrics, NullLogger<RabbitMqConsumerService>.Instance);
    }

    public IMetadataDatabase Database { get; }
    public OutboxSignal Signal { get; }
    public AssetRepository Assets { get; }
    public CountingHandler Handler { get; }

    public static async Task<EventFlow> StartAsync()
    {
        var db = new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_events")));
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        // A consumer name per test: its own queue, so tests never see each other's events.
        var flow = new EventFlow(db, $"test-{Guid.NewGuid():N}"[..17]);
        await flow._consumer.StartAsync(default);
        await flow._consumer.Consuming.WaitAsync(TimeSpan.FromSeconds(30));
        await flow._relay.StartAsync(default);
        return flow;
    }

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} within {timeout.TotalSeconds} s; handler saw {Handler.Calls.Count} events");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _relay.StopAsync(default);
        await _consumer.StopAsync(default);
        await _connection.DisposeAsync();
    }

    public sealed class CountingHandler(string name) : IIntegrationEventHandler
    {
        /// <summary>Successful calls per event.</summary>
        public ConcurrentDictionary<Guid, int> Calls { get; } = new();

        /// <summary>Events this handler always fails on (a bug, or a poison message), and how often it tried.</summary>
        public ConcurrentDictionary<Guid, int> FailingAttempts { get; } = new();

        public string Name => name;
        public IReadOnlyCollection<string> RoutingKeys => IntegrationEventTypes.AllRoutingKeys.ToArray();

        public Task HandleAsync(IntegrationEvent e, DbConnection connection, DbTransaction transaction, CancellationToken ct)
        {
            if (e is AssetEvent { AssetId: var assetId } && FailingAttempts.ContainsKey(assetId))
            {
                FailingAttempts.AddOrUpdate(assetId, 1, (_, n) => n + 1);
                throw new InvalidOperationException("this handler cannot process that asset");
            }
            Calls.AddOrUpdate(e.EventId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}
