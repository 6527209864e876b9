using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Tests.Webhooks;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>The webhook store contract on the real PostgreSQL server.</summary>
public sealed class PostgresWebhookStoreTests : WebhookStoreContract
{
    protected override async Task<IMetadataDatabase> CreateDatabaseAsync() =>
        new PostgresMetadataDatabase(NpgsqlDataSource.Create(await PostgresDatabases.CreateAsync("mf_test_webhooks")));
}
