using MediaFarm.Core.Assets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Infrastructure.Metadata;

internal static class MetadataRegistration
{
    /// <summary>Storage:Metadata = "Sqlite" (embedded, under the data folder) or "Postgres".</summary>
    public static IServiceCollection AddMetadataStore(this IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        switch (options.Metadata)
        {
            case "Sqlite":
                services.AddSingleton<IAssetRepository>(sp => new SqliteAssetRepository(Path.Combine(sp.DataDirectory(), "mediafarm.db")));
                break;
            default:
                throw new InvalidOperationException($"Storage:Metadata '{options.Metadata}' is unknown: use 'Sqlite' or 'Postgres'.");
        }
        return services;
    }
}
