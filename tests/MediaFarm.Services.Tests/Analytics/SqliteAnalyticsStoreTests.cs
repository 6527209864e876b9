using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Tests.Analytics;

/// <summary>The analytics store contract on SQLite, a fresh file per test.</summary>
public sealed class SqliteAnalyticsStoreTests : AnalyticsStoreContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-analytics-").FullName, "mediafarm.db")));
}
