using MediaFarm.Core.Farm;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Pipeline;
using MediaFarm.Media.Capabilities;
using MediaFarm.Media.Encoding;
using MediaFarm.Media.Packaging;
using MediaFarm.Media.Probing;
using MediaFarm.Media.Thumbnails;
using MediaFarm.Media.Tools;
using MediaFarm.Worker.Farm;
using MediaFarm.Worker.Pipeline;
using MediaFarm.Worker.Stages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Everything a node needs to run pipeline stage jobs (the Hangfire server itself is added by the host).</summary>
    public static IServiceCollection AddMediaWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaToolOptions>().Bind(configuration.GetSection(MediaToolOptions.Section));
        services.AddSingleton<FfmpegRunner>();
        services.AddSingleton<FfmpegCapabilityProbe>();
        services.AddSingleton<HardwareProbe>();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section))
            .Validate(o => o.HardwareClass is "auto" or "cpu" or "gpu", "Worker:HardwareClass must be auto, cpu or gpu.")
            .Validate(o => o.Encoder is "auto" or "libx264" or "h264_nvenc", "Worker:Encoder must be auto, libx264 or h264_nvenc.")
            .Validate(o => o.Slots is null or > 0, "Worker:Slots must be positive.")
            .Validate(o => o.StoreConcurrency is >= 1 and <= 256, "Worker:StoreConcurrency must be between 1 and 256.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var o = provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
            return new LocalNode(o.ResolvedNodeId, o.ResolvedSlots, LocalNode.NewRunId(), provider.GetRequiredService<TimeProvider>().GetUtcNow());
        });
        services.TryAddSingleton<NodeRegistration>();
        services.AddSingleton<NodeCapabilities>();
        services.AddSingleton<ScratchJanitor>();
        services.AddHostedService(provider => provider.GetRequiredService<ScratchJanitor>());
        services.AddHostedService<NodeHeartbeatService>();
        services.AddSingleton<MediaProber>();
        services.AddSingleton<LadderTranscoder>();
        services.AddSingleton<StreamPackager>();
        services.AddSingleton<ThumbnailGenerator>();
        services.AddSingleton(new LadderPolicy());
        services.AddSingleton<WorkerMetrics>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IStageHandler, ProbeStage>();
        services.AddSingleton<IStageHandler, TranscodeStage>();
        services.AddSingleton<IStageHandler, PackageStage>();
        services.AddSingleton<IStageHandler, ThumbnailStage>();
        services.AddSingleton<IStageHandler, PublishStage>();
        services.AddSingleton<StageLogs>();
        services.AddSingleton<RunningStages>();
        services.AddTransient<IPipelineStageJob, PipelineStageJob>();

        services.AddHealthChecks().AddCheck<MediaToolsHealthCheck>("media-tools", tags: ["ready"]);
        return services;
    }
}
