using Hangfire;
using MediaFarm.Services.Identity;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Farm;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaFarm.Api.Endpoints;

/// <summary>
/// /v1/farm/nodes: the worker nodes, as on the dashboard's Farm page; /v1/farm/placement/{assetId}: where
/// placement puts an asset, read from the persisted placement map without placing anything.
/// </summary>
public static class FarmEndpoints
{
    private const int MaxPreference = 64;

    public static IEndpointRouteBuilder MapFarmEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/farm/nodes", async (INodeRegistry registry, PlacementMaps maps, JobStorage jobs, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(FarmView.Of(await registry.ListAsync(ct), await maps.AllLatestAsync(ct), clock.GetUtcNow(), jobs.GetMonitoringApi().EnqueuedCount)))
            .WithTags("Farm")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Worker nodes: class, encoders, hardware decoders, slots, busy slots, queue length, exact share in the placement map, last heartbeat");
        app.MapGet("/v1/farm/placement/{assetId}", PlacementAsync)
            .WithTags("Farm")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("An asset's owner, preference list, hardware class and placement map version (read only; unknown ids get the default class)");
        return app;
    }

    /// <summary>The placement of an asset as the persisted map says now; the asset's own pinned placement beside it.</summary>
    public sealed record PlacementResponse(Guid AssetId, bool AssetKnown, string HardwareClass, long? MapVersion, string? Owner,
        IReadOnlyList<string> Preference, AssetPlacement? PinnedPlacement, string? Note);

    private static async Task<Results<Ok<PlacementResponse>, ProblemHttpResult>> PlacementAsync(string assetId, int? count,
        IAssetRepository assets, AssetPlacer placer, PlacementMaps maps, CancellationToken ct)
    {
        if (!Guid.TryParse(assetId, out var id))
            return TypedResults.Problem($"'{assetId}' is not an asset id (a UUID).", statusCode: StatusCodes.Status400BadRequest);
        if (count is < 1 or > MaxPreference)
            return TypedResults.Problem($"count must be between 1 and {MaxPreference}.", statusCode: StatusCodes.Status400BadRequest);
        // An unknown id is answered as a new asset would be placed (hardware auto): callers can ask where any key hashes.
        var asset = await assets.GetAsync(id, ct);
        var alive = await placer.AliveNodesAsync(ct);
        var preference = asset?.Hardware ?? HardwarePreference.Auto;
        // Only the chosen class's map is read: one indexed version query when this process has it cached.
        string hardwareClass = PlacementPolicy.ChooseClass(preference, alive).Class;
        var map = await maps.LatestAsync(hardwareClass, ct);
        var preview = PlacementPolicy.Preview(id, preference, alive, c => c == hardwareClass ? map : null, count ?? 3);
        return TypedResults.Ok(new PlacementResponse(id, asset is not null, preview.HardwareClass, preview.MapVersion, preview.Owner,
            preview.Preference, asset?.Placement, preview.Note));
    }
}
