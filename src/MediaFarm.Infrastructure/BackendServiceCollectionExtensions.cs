using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Storage;
using MediaFarm.Infrastructure.Uploads;
using MediaFarm.Infrastructure.ViewerData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure;

public static class BackendServiceCollectionExtensions
{
    /// <summary>The object store and metadata repository chosen by configuration (embedded by default).</summary>
    public static IServiceCollection AddStorageBackends(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must be set.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataSecrets>();
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddObjectStore(configuration, options);
        services.AddMetadataStore(configuration, options);
        services.AddDirectUploads(configuration, options);
        services.AddViewerData(configuration, options);
        return services;
    }

    internal static string DataDirectory(this IServiceProvider services) =>
        Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
}
