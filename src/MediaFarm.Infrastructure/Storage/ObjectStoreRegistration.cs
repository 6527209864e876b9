using MediaFarm.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Infrastructure.Storage;

internal static class ObjectStoreRegistration
{
    /// <summary>Storage:ObjectStore = "FileSystem" (embedded, under the data folder) or "S3".</summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        switch (options.ObjectStore)
        {
            case "FileSystem":
                services.AddSingleton<IObjectStore>(sp => new FileSystemObjectStore(Path.Combine(sp.DataDirectory(), "objects")));
                break;
            default:
                throw new InvalidOperationException($"Storage:ObjectStore '{options.ObjectStore}' is unknown: use 'FileSystem' or 'S3'.");
        }
        return services;
    }
}
