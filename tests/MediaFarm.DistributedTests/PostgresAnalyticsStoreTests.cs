using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Tests.Analytics;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The analytics store contract on the real PostgreSQL server.</summary>
public sealed class PostgresAnalyticsStoreTests : AnalyticsStoreContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_test_analytics")));
}
