using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;

namespace MediaFarm.Scheduler;

/// <summary>Hangfire's job storage by Scheduler:Storage: in memory (standalone) or PostgreSQL (distributed).</summary>
public static class HangfireStorageSetup
{
    public static IGlobalConfiguration UseConfiguredStorage(this IGlobalConfiguration hangfire, SchedulerOptions options, IConfiguration configuration)
    {
        switch (options.Storage)
        {
            case "InMemory":
                return hangfire.UseInMemoryStorage();
            case "Postgres":
                string connectionString = configuration.GetConnectionString("Postgres")
                    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (Scheduler:Storage is Postgres).");
                return hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), PostgresOptions(options));
            default:
                throw new InvalidOperationException($"Scheduler:Storage '{options.Storage}' is unknown: use 'InMemory' or 'Postgres'.");
        }
    }

    /// <summary>How MediaFarm runs Hangfire.PostgreSql (also what the latency test and benchmark measure).</summary>
    public static PostgreSqlStorageOptions PostgresOptions(SchedulerOptions options) => new()
    {
        // LISTEN/NOTIFY starts jobs within milliseconds; the poll bounds the wait when that connection drops.
        EnableLongPolling = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(options.QueuePollIntervalMs),
        PrepareSchemaIfNecessary = true,
        // A running job keeps extending its own timeout, so only a dead worker's job is handed out again.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
    };

    public static PostgreSqlStorage CreatePostgresStorage(string connectionString, SchedulerOptions options) =>
        new(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()), PostgresOptions(options));
}
