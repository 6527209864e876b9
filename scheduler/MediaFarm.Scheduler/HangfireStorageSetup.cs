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
                return hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
                {
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromMilliseconds(options.QueuePollIntervalMs),
                    PrepareSchemaIfNecessary = true,
                    // A running job keeps extending its own timeout, so only a dead worker's job is handed out again.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                });
            default:
                throw new InvalidOperationException($"Scheduler:Storage '{options.Storage}' is unknown: use 'InMemory' or 'Postgres'.");
        }
    }
}
