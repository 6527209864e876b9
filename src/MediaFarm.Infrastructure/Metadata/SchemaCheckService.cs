using MediaFarm.Infrastructure.Metadata.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Before anything else starts: the embedded database migrates itself (one process owns it); a shared
/// PostgreSQL is migrated by the one-shot migrate step, and roles refuse to start on an old schema.
/// </summary>
public sealed class SchemaCheckService(MigrationRunner migrations, IMetadataDatabase database, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        bool migrate = options.Value.MigrateOnStart ?? database.Dialect == "Sqlite";
        if (migrate)
        {
            await migrations.MigrateAsync(cancellationToken);
            return;
        }
        int current = await migrations.CurrentVersionAsync(cancellationToken);
        if (current < migrations.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The {database.Dialect} schema is at version {current}, this build needs {migrations.LatestVersion}: " +
                "run the one-shot migrate step first ('dotnet MediaFarm.Api.dll migrate').");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
