using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

/// <summary>The catalog contract on SQLite (FTS5), a fresh file per test.</summary>
public sealed class SqliteCatalogStoreTests : CatalogStoreContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-catalog-").FullName, "mediafarm.db")));

    protected override ICatalogStore CreateStore(IMetadataDatabase database) => new SqliteCatalogStore(database);
}
