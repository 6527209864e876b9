using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Tests.Metadata;
using MediaFarm.Scheduler.Tests;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The placement map store's contract on a real PostgreSQL.</summary>
public sealed class PostgresPlacementMapStoreTests : PlacementMapStoreContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync()));
}

/// <summary>Two maintainers racing on one membership change, each with its own connection pool, on a real PostgreSQL.</summary>
public sealed class PostgresPlacementMapMaintainerTests(Xunit.Abstractions.ITestOutputHelper output) : PlacementMapMaintainerContract(output)
{
    protected override async Task<Func<IMetadataDatabase>> CreateDatabaseAsync()
    {
        string connectionString = await PostgresDatabases.CreateAsync();
        return () => new PostgresMetadataDatabase(NpgsqlDataSource.Create(connectionString));
    }
}
