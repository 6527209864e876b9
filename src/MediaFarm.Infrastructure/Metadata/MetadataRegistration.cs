using MediaFarm.Core.Assets;
using MediaFarm.Core.Events;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Core.Uploads;
using MediaFarm.Infrastructure.Metadata.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MediaFarm.Infrastructure.Metadata;

internal static class MetadataRegistration
{
    /// <summary>Storage:Metadata = "Sqlite" (embedded, under the data folder) or "Postgres" (ConnectionStrings:Postgres).</summary>
    public static IServiceCollection AddMetadataStore(this IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        switch (options.Metadata)
        {
            case "Sqlite":
                services.AddSingleton<IMetadataDatabase>(sp => new SqliteMetadataDatabase(Path.Combine(sp.DataDirectory(), "mediafarm.db")));
                break;
            case "Postgres":
                string connectionString = configuration.GetConnectionString("Postgres")
                    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (Storage:Metadata is Postgres).");
                services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                services.AddSingleton<IMetadataDatabase, PostgresMetadataDatabase>();
                services.AddHealthChecks().AddCheck<MetadataHealthCheck>("metadata", tags: ["ready"]);
                break;
            default:
                throw new InvalidOperationException($"Storage:Metadata '{options.Metadata}' is unknown: use 'Sqlite' or 'Postgres'.");
        }
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<SchemaCheckService>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IAssetRepository, AssetRepository>();
        services.AddSingleton<IUploadSessionRepository, UploadSessionRepository>();
        services.AddSingleton<INodeRegistry, NodeRegistry>();
        services.AddSingleton<IStageLeaseStore, StageLeaseStore>();
        services.AddSingleton<IPlacementMapStore, PlacementMapStore>();
        return services;
    }
}
