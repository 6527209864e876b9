using MediaFarm.Services.Analytics;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Cdn;
using MediaFarm.Services.Heartbeats;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Notifications;
using MediaFarm.Services.Playback;
using MediaFarm.Services.Recommendations;
using MediaFarm.Services.Users;
using MediaFarm.Services.ViewerData;
using MediaFarm.Services.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaFarm.Services;

/// <summary>
/// The viewer services' HTTP side, hosted by the api (the gateway) in both modes: identity, users,
/// catalog, notifications, CDN choice and state, webhook endpoints, playback sessions' heartbeats, analytics. Their
/// event handlers run where <see cref="ServicesRegistration.AddMediaFarmServices"/> is called.
/// </summary>
public static class ViewerServicesRegistration
{
    public static IHostApplicationBuilder AddViewerServices(this IHostApplicationBuilder builder)
    {
        builder.AddMediaFarmAccess();
        builder.Services.AddHostedService<FirstAdminBootstrap>();
        builder.Services.AddCatalog(builder.Configuration);
        builder.Services.AddSingleton<IAssetOwnership, AssetOwnership>();
        builder.Services.AddCdnRouting(builder.Configuration);
        // A title created for an asset already published becomes visible here, in the api: tell the same observers.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITitlePublishedObserver, NewTitleNotifier>());
        builder.Services.AddWebhooks(builder.Configuration);
        builder.Services.AddHeartbeats(builder.Configuration);
        builder.Services.AddAnalytics(builder.Configuration);
        builder.Services.AddRecommendations(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapViewerServices(this IEndpointRouteBuilder app)
    {
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapApiKeyEndpoints();
        app.MapCatalogEndpoints();
        app.MapNotificationEndpoints();
        app.MapPlaybackEndpoints();
        app.MapCdnEndpoints();
        app.MapWebhookEndpoints();
        app.MapRecommendationEndpoints();
        app.MapViewerDataEndpoints();
        app.MapHeartbeatEndpoints();
        app.MapAnalyticsEndpoints();
        return app;
    }
}
