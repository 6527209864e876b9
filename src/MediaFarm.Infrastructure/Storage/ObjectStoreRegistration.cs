using MediaFarm.Core.Storage;
using Microsoft.Extensions.Configuration;
using MediaFarm.Infrastructure.Storage.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
                services.AddSingleton<IIncompleteWrites>(sp => new FileSystemIncompleteWrites(Path.Combine(sp.DataDirectory(), "objects")));
                break;
            case "S3":
                services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section));
                services.AddSingleton(sp => { var o = sp.GetRequiredService<IOptions<S3Options>>(); S3Clients.Validate(o); return S3Clients.Minio(o.Value); });
                services.AddSingleton(sp => S3Clients.Aws(sp.GetRequiredService<IOptions<S3Options>>().Value));
                services.AddHttpClient(nameof(S3ObjectStore));
                services.AddSingleton<IObjectStore, S3ObjectStore>();
                services.AddSingleton<IIncompleteWrites, S3IncompleteWrites>();
                services.AddHostedService<S3BucketInitializer>();
                services.AddHealthChecks().AddCheck<S3HealthCheck>("object-store", tags: ["ready"]);
                break;
            default:
                throw new InvalidOperationException($"Storage:ObjectStore '{options.ObjectStore}' is unknown: use 'FileSystem' or 'S3'.");
        }
        return services;
    }
}
