using Dapper;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Tests.Metadata;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>Leadership on a real PostgreSQL: a leader whose session dies (its process was killed) frees the lead at once.</summary>
public sealed class PostgresLeadershipTests : LeadershipContract
{
    private string _connectionString = "";

    protected override async Task<IMetadataDatabase> CreateDatabaseAsync()
    {
        _connectionString = await PostgresDatabases.CreateAsync();
        return new PostgresMetadataDatabase(NpgsqlDataSource.Create(_connectionString));
    }

    [Fact]
    public async Task A_leader_whose_session_ends_loses_the_lead_and_another_takes_it_at_once()
    {
        var db = await CreateDatabaseAsync();
        var dying = (await db.TryLeadAsync("sweep", default))!;

        // What a SIGKILL of the leading scheduler does to its session: the server ends it.
        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            int ended = await admin.ExecuteScalarAsync<int>(
                "SELECT COUNT(pg_terminate_backend(l.pid)) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            Assert.Equal(1, ended);
        }

        Assert.False(await dying.IsHeldAsync(default));
        await using var heir = await new PostgresMetadataDatabase(NpgsqlDataSource.Create(_connectionString)).TryLeadAsync("sweep", default);
        Assert.NotNull(heir);
        await dying.DisposeAsync();
    }
}
