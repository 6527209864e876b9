using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Tests.Metadata;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The metadata contract (assets, outbox, inbox, migrations) on a real PostgreSQL.</summary>
public sealed class PostgresMetadataTests : MetadataContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync()));
}
