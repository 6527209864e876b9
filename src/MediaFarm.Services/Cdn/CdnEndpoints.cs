using System.Security.Claims;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Cdn;

public sealed record CdnResponse(string Name, string BaseUrl, int Weight, IReadOnlyList<string> Countries, string Kind,
    bool? Up, DateTimeOffset? CheckedAt, DateTimeOffset? LastFailureAt, string? LastError);

public sealed record CdnAssetStateResponse(string Cdn, string Action, string State, long Attempts, string? Reason,
    DateTimeOffset? NextAttemptAt, DateTimeOffset UpdatedAt);

/// <summary>/v1/cdns (admins: configuration and live health) and an asset's per-CDN publishing state and republish.</summary>
public static class CdnEndpoints
{
    public static IEndpointRouteBuilder MapCdnEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cdns", List).WithTags("CDN").RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Configured CDNs with their weight, countries and last health check");
        var asset = app.MapGroup("/v1/assets/{id:guid}/cdn").WithTags("CDN").RequireAuthorization(AccessPolicies.Uploader);
        asset.MapGet("", StatesAsync).WithSummary("The asset's state on each CDN: pending, warm, purged or failed with the reason (admins: deleted assets too)");
        asset.MapPost("/republish", RepublishAsync).WithSummary("Purge the asset from every CDN and warm it again");
        return app;
    }

    private static Ok<CdnResponse[]> List(IOptions<CdnOptions> options, CdnHealthMonitor health) =>
        TypedResults.Ok(options.Value.Edges.Select(e =>
        {
            var s = health.Status(e.Name);
            return new CdnResponse(e.Name, e.BaseUrl, e.Weight, e.Countries, e.Kind, s?.Up, s?.CheckedAt, s?.LastFailureAt, s?.LastError);
        }).ToArray());

    private static async Task<Results<Ok<CdnAssetStateResponse[]>, NotFound>> StatesAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets,
        CdnStateStore states, CancellationToken ct)
    {
        // Admins still see the purges of a deleted asset; owners see their live assets only.
        bool visible = await assets.GetVisibleAsync(id, user, ct) is not null;
        var rows = visible || user.IsAdmin() ? await states.ListAsync(id, ct) : [];
        if (!visible && rows.Count == 0)
            return TypedResults.NotFound();
        return TypedResults.Ok(rows.Select(r => new CdnAssetStateResponse(r.Cdn, r.Action, r.State, r.Attempts, r.Reason,
            r.State == CdnStates.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptAtMs) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAtMs))).ToArray());
    }

    /// <summary>asset.republished through the outbox, so the services role purges and warms wherever it runs.</summary>
    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RepublishAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets,
        IMetadataDatabase database, TimeProvider clock, CancellationToken ct)
    {
        if (await assets.GetVisibleAsync(id, user, ct) is not { } asset)
            return TypedResults.NotFound();
        if (asset.Status != AssetStatus.Ready)
            return TypedResults.Problem($"Only a ready asset can be republished; this one is {asset.Status.ToString().ToLowerInvariant()}.",
                statusCode: StatusCodes.Status409Conflict);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await OutboxWriter.AppendAsync(connection, transaction,
            [new AssetRepublished { AssetId = id, OccurredAt = clock.GetUtcNow(), Reason = $"asked by {user.UserId():D}" }], ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted($"/v1/assets/{id:D}/cdn");
    }
}
