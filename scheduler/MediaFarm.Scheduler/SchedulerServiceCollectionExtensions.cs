using Hangfire;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.Server;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Scheduler.Dashboard;
using MediaFarm.Scheduler.Farm;
using MediaFarm.Scheduler.Maintenance;
using MediaFarm.Scheduler.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>Hangfire storage, retry policy, failure handling, restart recovery and the pipeline scheduler.</summary>
    public static IServiceCollection AddPipelineScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section))
            .Validate(o => o.Storage is "InMemory" or "Postgres", "Scheduler:Storage must be 'InMemory' or 'Postgres'.")
            .Validate(o => o.QueuePollIntervalMs >= 50, "Scheduler:QueuePollIntervalMs must be at least 50.")
            .Validate(o => o.PlacementEpsilon > 0, "Scheduler:PlacementEpsilon must be positive.")
            .Validate(o => o.IdleMoveAfterSeconds >= 0, "Scheduler:IdleMoveAfterSeconds must be 0 (off) or positive.")
            .Validate(o => o.UploadIdleHours > 0 && o.IncompleteWriteHours > 0, "Scheduler:UploadIdleHours and Scheduler:IncompleteWriteHours must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AssetFailureFilter>();
        services.AddSingleton<FarmMetrics>();
        services.AddSingleton<PlacementMaps>();
        services.AddSingleton<PlacementMapMaintainer>();
        services.AddSingleton<AssetPlacer>();
        services.AddSingleton<PlacementFilter>();
        services.AddSingleton<IPipelineScheduler, HangfirePipelineScheduler>();

        services.AddHangfire((provider, hangfire) =>
        {
            var options = provider.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseConfiguredStorage(options, configuration);

            // One retry policy for every job: a few quick retries, then Failed (the filter fails the asset).
            foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToArray())
                GlobalJobFilters.Filters.Remove(filter.Instance);
            hangfire.UseFilter(new AutomaticRetryAttribute
            {
                Attempts = options.EffectiveRetryDelays.Length,
                DelaysInSeconds = options.EffectiveRetryDelays,
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            });
            hangfire.UseFilter(provider.GetRequiredService<AssetFailureFilter>());
            hangfire.UseFilter(provider.GetRequiredService<PlacementFilter>());
        });
        return services;
    }

    /// <summary>
    /// The scheduler role: its Hangfire server (maintenance jobs), resuming unfinished assets after a
    /// restart, and relaying the outbox to the event transport.
    /// </summary>
    public static IServiceCollection AddSchedulerRole(this IServiceCollection services)
    {
        services.AddHostedService<PipelineRecoveryService>();
        services.AddHostedService<RecurringJobsRegistration>();
        services.AddSingleton<JobFailover>();
        services.AddSingleton<IdleNodeBalancer>();
        services.AddSingleton<IBackgroundProcess, NodeSweepService>();
        services.AddTransient<AbandonedUploadsJob>();
        services.AddOutboxRelay();
        // The server runs the registered background processes (the node sweep) beside its workers.
        services.AddHangfireServer((provider, server) =>
        {
            var options = provider.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            server.ServerName = $"scheduler:{Environment.MachineName}:{Environment.ProcessId}";
            server.Queues = [options.SchedulerQueue];
            server.WorkerCount = 2;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    /// <summary>The Hangfire server of this process's worker node (standalone, and worker hosts): <see cref="NodeJobServer"/>.</summary>
    public static IServiceCollection AddPipelineJobServer(this IServiceCollection services)
    {
        services.TryAddSingleton<NodeRegistration>();
        services.AddHostedService<NodeJobServer>();
        return services;
    }

    /// <summary>
    /// The Hangfire dashboard at /hangfire, with an asset progress page, for holders of
    /// <paramref name="adminRole"/>; the caller adds the endpoint policy that signs them in.
    /// </summary>
    public static IEndpointConventionBuilder MapPipelineDashboard(this IEndpointRouteBuilder endpoints, string adminRole)
    {
        AssetsDashboardPage.Register();
        return endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "MediaFarm",
            DisplayNameFunc = DisplayName,
            Authorization = [new DashboardAccessFilter(adminRole)],
        });
    }

    private static string DisplayName(DashboardContext context, Job job) =>
        PipelineJobs.TryRead(job, out var id, out var stage) ? $"{stage.Name()} asset {id:N}" : $"{job.Type.Name}.{job.Method.Name}";
}
