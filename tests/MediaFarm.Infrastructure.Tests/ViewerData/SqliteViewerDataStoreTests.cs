using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Infrastructure.ViewerData;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Infrastructure.Tests.ViewerData;

/// <summary>The viewer-data contract on the embedded backend: SQLite, a fresh file per test.</summary>
public sealed class SqliteViewerDataStoreTests : ViewerDataStoreContract
{
    protected override async Task<IViewerDataStore> CreateStoreAsync()
    {
        var database = new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-viewer-").FullName, "mediafarm.db"));
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return new MetadataViewerDataStore(database, TimeProvider.System);
    }
}
