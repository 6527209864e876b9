using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Tests.Recommendations;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The recommendation pipeline (events → consumer → job → service) on the real PostgreSQL server.</summary>
public sealed class PostgresRecommendationPipelineTests : RecommendationPipelineContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_test_recs")));

    protected override ICatalogStore CreateCatalogStore(IMetadataDatabase database) => new PostgresCatalogStore(database);
}
