using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Infrastructure.Tests.Metadata;

public sealed class SqliteMetadataTests : MetadataContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "mediafarm.db")));
}
