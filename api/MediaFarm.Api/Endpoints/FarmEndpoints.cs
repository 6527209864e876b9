using Hangfire;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Farm;

namespace MediaFarm.Api.Endpoints;

/// <summary>/v1/farm/nodes: the worker nodes, as on the dashboard's Farm page.</summary>
public static class FarmEndpoints
{
    public static IEndpointRouteBuilder MapFarmEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/farm/nodes", async (INodeRegistry registry, JobStorage jobs, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(FarmView.Of(await registry.ListAsync(ct), clock.GetUtcNow(), jobs.GetMonitoringApi().EnqueuedCount)))
            .WithTags("Farm")
            .WithSummary("Worker nodes: class, encoders, hardware decoders, slots, busy slots, queue length, share, last heartbeat");
        return app;
    }
}
