using MediaFarm.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Playback;

public static class PlaybackSigningRegistration
{
    public const string KeyFileName = "playback-signing.key";

    /// <summary>Binds and validates "Playback:Signing" at start, and registers <see cref="PlaybackTokens"/>.</summary>
    public static IServiceCollection AddPlaybackSigning(this IServiceCollection services, IConfiguration configuration)
    {
        // Standalone registers the api and the services role in one container: bind once, or the previous keys list twice.
        if (services.Any(d => d.ServiceType == typeof(PlaybackTokens)))
            return services;
        services.AddOptions<PlaybackSigningOptions>().Bind(configuration.GetSection(PlaybackSigningOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlaybackSigningOptions>, PlaybackSigningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlaybackTokens>();
        return services;
    }

    /// <summary>
    /// Standalone only (one process issues and verifies): without a configured key, a random one is kept
    /// in the data folder, so tokens survive restarts. Distributed hosts must share a configured key.
    /// </summary>
    public static IServiceCollection AddGeneratedPlaybackKey(this IServiceCollection services)
    {
        services.AddOptions<PlaybackSigningOptions>().PostConfigure<DataSecrets>((options, secrets) =>
        {
            if (string.IsNullOrWhiteSpace(options.SigningKey))
                options.SigningKey = Convert.ToBase64String(secrets.GetOrCreateKey(KeyFileName, PlaybackSigningOptions.MinimumKeyBytes));
        });
        return services;
    }
}
