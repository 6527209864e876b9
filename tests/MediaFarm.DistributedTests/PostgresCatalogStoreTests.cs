using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Tests.Catalog;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The catalog contract on a real PostgreSQL (tsvector, pg_trgm), a fresh database per test.</summary>
public sealed class PostgresCatalogStoreTests : CatalogStoreContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_test_catalog")));

    protected override ICatalogStore CreateStore(IMetadataDatabase database) => new PostgresCatalogStore(database);
}
