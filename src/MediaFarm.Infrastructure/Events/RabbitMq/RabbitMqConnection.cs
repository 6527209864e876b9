using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>One lazily opened, automatically recovering connection per process (ConnectionStrings:RabbitMq).</summary>
public sealed class RabbitMqConnection(IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true } open)
            return open;
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is { IsOpen: true } again)
                return again;
            if (_connection is not null)
                await _connection.DisposeAsync();
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
