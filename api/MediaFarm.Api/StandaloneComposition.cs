using MediaFarm.Scheduler;
using MediaFarm.Services;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Playback;
using MediaFarm.Services.Recommendations;
using MediaFarm.Services.Webhooks;
using MediaFarm.Worker;

namespace MediaFarm.Api;

/// <summary>
/// "Roles": "all" (the default: standalone, every role in this process, like Loki's -target=all) or
/// "api" (distributed: the scheduler, workers and services run as their own processes).
/// </summary>
public static class StandaloneComposition
{
    private static bool IsStandalone(IConfiguration configuration)
    {
        string roles = configuration["Roles"] ?? "all";
        return roles switch
        {
            "all" => true,
            "api" => false,
            _ => throw new InvalidOperationException($"Roles '{roles}' is unknown for this host: use 'all' (standalone) or 'api'."),
        };
    }

    public static WebApplicationBuilder AddStandaloneRoles(this WebApplicationBuilder builder)
    {
        if (!IsStandalone(builder.Configuration))
            return builder;
        builder.Services.AddSchedulerRole();
        builder.Services.AddWebhookDelivery(builder.Configuration);
        builder.Services.AddRecommendationModel(builder.Configuration);
        builder.Services.AddPipelineJobServer();
        builder.Services.AddMediaWorker(builder.Configuration);
        builder.Services.AddMediaFarmServices(builder.Configuration);
        builder.Services.AddGeneratedPlaybackKey();
        return builder;
    }

    public static WebApplication MapStandaloneRoles(this WebApplication app)
    {
        if (IsStandalone(app.Configuration))
            app.MapPipelineDashboard(Roles.Admin).RequireAuthorization(AccessPolicies.Dashboard);
        return app;
    }
}
