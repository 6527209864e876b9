using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>One lazily opened, automatically recovering connection per process (ConnectionStrings:RabbitMq).</summary>
public sealed class RabbitMqConnection(IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>Bounds of the unrouted queue (Events:Unrouted), the same for every process of the farm.</summary>
    public UnroutedQueueOptions Unrouted { get; } = ReadUnrouted(configuration);

    private static UnroutedQueueOptions ReadUnrouted(IConfiguration configuration)
    {
        var options = configuration.GetSection($"{EventsOptions.Section}:Unrouted").Get<UnroutedQueueOptions>() ?? new UnroutedQueueOptions();
        options.Validate();
        return options;
    }

    /// <summary>
    /// The connection, opened on first use. Once open it is never replaced: while the broker is away it
    /// recovers by itself (and with it every consumer on it), so callers just fail and retry meanwhile.
    /// </summary>
    public async Task<IConnection> GetAsync(CancellationToken ct)
    {
        if (_connection is { } existing)
            return existing.IsOpen ? existing : throw new BrokerUnavailableException("RabbitMQ connection is recovering.");
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is { } again)
                return again;
            string uri = configuration.GetConnectionString("RabbitMq")
                ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set (Events:Transport is RabbitMq).");
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
                ClientProvidedName = $"mediafarm-{Environment.MachineName}-{Environment.ProcessId}",
            };
            _connection = await factory.CreateConnectionAsync(ct);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}

public sealed class BrokerUnavailableException(string message) : Exception(message);
