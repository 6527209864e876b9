using MediaFarm.Core.Events;
using MediaFarm.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Services.Catalog;

public static class CatalogRegistration
{
    /// <summary>
    /// The catalog store of the metadata backend (Storage:Metadata, Sqlite or Postgres), the title
    /// creator for the endpoints and the "catalog" event consumer. Expects the metadata database
    /// (AddStorageBackends); the host provides IAssetOwnership and IViewerDirectory, and any
    /// ITitlePublishedObserver it wants told.
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Metadata)
        {
            case "Sqlite":
                services.TryAddSingleton<ICatalogStore, SqliteCatalogStore>();
                break;
            case "Postgres":
                services.TryAddSingleton<ICatalogStore, PostgresCatalogStore>();
                break;
            default:
                throw new InvalidOperationException($"Storage:Metadata '{storage.Metadata}' is unknown: use 'Sqlite' or 'Postgres'.");
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TitleCreator>();
        // Idempotent: a standalone host adds the catalog for its endpoints and for its event consumers.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationEventHandler, CatalogEventHandler>());
        return services;
    }
}
