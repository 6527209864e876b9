using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure;

public static class BackendServiceCollectionExtensions
{
    /// <summary>The object store and metadata repository chosen by configuration (embedded by default).</summary>
    public static IServiceCollection AddStorageBackends(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must be set.")
            .Validate(o => o.ObjectStore is "FileSystem", "Storage:ObjectStore must be 'FileSystem'.")
            .Validate(o => o.Metadata is "Sqlite", "Storage:Metadata must be 'Sqlite'.")
            .ValidateOnStart();

        services.AddSingleton<IObjectStore>(sp =>
            new FileSystemObjectStore(Path.Combine(DataDirectory(sp), "objects")));
        services.AddSingleton<IAssetRepository>(sp =>
            new SqliteAssetRepository(Path.Combine(DataDirectory(sp), "mediafarm.db")));
        return services;
    }

    private static string DataDirectory(IServiceProvider services) =>
        Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
}
