using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Tests.Metadata;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The stage lease contract on a real PostgreSQL, where racing executions are separate connections.</summary>
public sealed class PostgresStageLeaseTests : StageLeaseContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync()));
}
