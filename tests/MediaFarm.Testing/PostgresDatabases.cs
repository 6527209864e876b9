using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.Testing;

/// <summary>Fresh, empty PostgreSQL databases on the test server, one per test that needs isolation.</summary>
public static class PostgresDatabases
{
    public static async Task<string> CreateAsync(string prefix = "mf_test")
    {
        var admin = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = "postgres", Pooling = false };
        string name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = name }.ConnectionString;
    }
}
