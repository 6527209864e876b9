using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Infrastructure.Tests.Metadata;

/// <summary>Leadership (the node sweep's): one holder per name, free again the moment the holder lets go.</summary>
public abstract class LeadershipContract
{
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task One_leader_per_name_until_it_lets_go()
    {
        var db = await CreateDatabaseAsync();
        var first = await db.TryLeadAsync("sweep", default);
        Assert.NotNull(first);
        Assert.True(await first.IsHeldAsync(default));
        Assert.Null(await db.TryLeadAsync("sweep", default));
        await using (var other = await db.TryLeadAsync("another", default))
            Assert.NotNull(other);

        await first.DisposeAsync();
        await using var second = await db.TryLeadAsync("sweep", default);
        Assert.NotNull(second);
    }
}

public sealed class SqliteLeadershipTests : LeadershipContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "mediafarm.db")));
}
