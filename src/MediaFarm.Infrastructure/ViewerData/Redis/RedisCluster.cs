using StackExchange.Redis;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>
/// The process's one connection to the viewer-data Redis Cluster (ConnectionStrings:Redis, a comma list
/// of seed nodes). The cluster's own slot map says where each key lives; the client keeps it current.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    public RedisCluster(string configuration)
    {
        Configuration = ConfigurationOptions.Parse(configuration);
        Configuration.AbortOnConnectFail = false;
        Configuration.AllowAdmin = true; // the admin operations: CLUSTER SETSLOT, MIGRATE, INFO
        Configuration.ConnectTimeout = 5000;
        Configuration.SyncTimeout = 5000;
        Configuration.AsyncTimeout = 5000;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(Configuration));
    }

    public ConfigurationOptions Configuration { get; }

    public ConnectionMultiplexer Connection => _connection.Value;

    public IDatabase Database => Connection.GetDatabase();

    public void Dispose()
    {
        if (_connection.IsValueCreated)
            _connection.Value.Dispose();
    }
}
