using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Infrastructure.Tests.ViewerData;
using MediaFarm.Infrastructure.ViewerData;
using MediaFarm.Infrastructure.ViewerData.Redis;
using MediaFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The viewer-data contract on the real Redis Cluster of ops/services.sh (3 masters + 3 replicas).</summary>
public sealed class RedisClusterViewerDataStoreTests : ViewerDataStoreContract
{
    private static readonly Lazy<RedisCluster> Cluster = new(() => new RedisCluster(TestServices.Get("ConnectionStrings__Redis")));

    protected override Task<IViewerDataStore> CreateStoreAsync() => Task.FromResult<IViewerDataStore>(new RedisViewerDataStore(Cluster.Value));
}

/// <summary>The viewer-data contract on the metadata tables of a real PostgreSQL (the comparison of the benchmark).</summary>
public sealed class PostgresViewerDataStoreTests : ViewerDataStoreContract
{
    protected override async Task<IViewerDataStore> CreateStoreAsync()
    {
        var database = new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_test_viewer")));
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return new MetadataViewerDataStore(database, TimeProvider.System);
    }
}
