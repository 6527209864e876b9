using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Services.Heartbeats;

public static class HeartbeatRegistration
{
    /// <summary>The api's part: "Heartbeats" options (validated at start), session opening and the batcher that forwards heartbeats.</summary>
    public static IServiceCollection AddHeartbeats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<HeartbeatOptions>(configuration.GetSection(HeartbeatOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PlaybackSessions>();
        services.AddSingleton<HeartbeatBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatBatcher>());
        return services;
    }
}
