using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Tests.Webhooks;

/// <summary>The webhook store contract on SQLite, a fresh file per test.</summary>
public sealed class SqliteWebhookStoreTests : WebhookStoreContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-webhooks-").FullName, "mediafarm.db")));
}
