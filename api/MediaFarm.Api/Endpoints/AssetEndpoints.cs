using System.Security.Claims;
using MediaFarm.Api.Ingest;
using MediaFarm.Services.Identity;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaFarm.Api.Endpoints;

/// <summary>/v1/assets: upload, status, list, delete — an uploader's own assets; admins see all.</summary>
public static class AssetEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/assets").WithTags("Assets").RequireAuthorization(AccessPolicies.Uploader);
        group.MapPost("/", UploadAsync)
            .WithSummary("Upload a video (multipart/form-data: 'file', optional 'title', 'encrypt' and 'hardware' (auto|gpu|cpu))")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .RequireRateLimiting(AccessRegistration.UploadLimit);
        group.MapGet("/{id:guid}", GetAsync).WithSummary("Status, progress, media info, ladder and timings of one asset");
        group.MapGet("/{id:guid}/log", LogAsync).WithSummary("Full logs of the media tools of failed stage attempts (text)");
        group.MapGet("/", ListAsync).WithSummary("Assets, newest first");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete an asset and all its outputs");
        return app;
    }

    private static async Task<Results<Accepted<AssetAccepted>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, UploadReceiver receiver, CancellationToken ct)
    {
        var outcome = await receiver.ReceiveAsync(request, user.UserId(), ct);
        if (outcome.Asset is not { } asset)
            return TypedResults.Problem(outcome.Error, statusCode: outcome.StatusCode, title: "Upload rejected");
        string statusUrl = $"/v1/assets/{asset.Id:N}";
        return TypedResults.Accepted(statusUrl, new AssetAccepted(asset.Id, asset.Status, statusUrl));
    }

    private static async Task<Results<Ok<AssetResponse>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets, CancellationToken ct) =>
        await assets.GetVisibleAsync(id, user, ct) is { } asset ? TypedResults.Ok(AssetResponse.From(asset)) : TypedResults.NotFound();

    /// <summary>Every kept stage log of the asset, oldest attempt first; empty when no tool ever failed.</summary>
    private static async Task<Results<ContentHttpResult, NotFound>> LogAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets, IObjectStore store, CancellationToken ct)
    {
        if (await assets.GetVisibleAsync(id, user, ct) is null)
            return TypedResults.NotFound();
        var text = new System.Text.StringBuilder();
        var logs = new List<ObjectInfo>();
        await foreach (var item in store.ListAsync(ObjectKeys.LogPrefix(id), ct))
            logs.Add(item);
        foreach (var log in logs.OrderBy(l => l.LastModified))
        {
            await using var content = await store.OpenReadAsync(log.Key, ct);
            if (content is null)
                continue;
            using var reader = new StreamReader(content);
            text.Append("==> ").Append(log.Key[ObjectKeys.LogPrefix(id).Length..]).Append(" <==\n").Append(await reader.ReadToEndAsync(ct)).Append('\n');
        }
        return TypedResults.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    private static async Task<Results<Ok<AssetList>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IAssetRepository assets, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
            return TypedResults.Problem($"page must be ≥ 1 and pageSize between 1 and {MaxPageSize}.", statusCode: StatusCodes.Status400BadRequest);
        var result = await assets.ListAsync((page - 1) * pageSize, pageSize, user.IsAdmin() ? null : user.UserId(), ct);
        return TypedResults.Ok(new AssetList(result.Items.Select(AssetResponse.From).ToArray(), page, pageSize, result.Total));
    }

    /// <summary>
    /// The row goes first, so a running job sees the asset gone and stops; then every object the asset owns.
    /// </summary>
    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets, IObjectStore store, TimeProvider clock, CancellationToken ct)
    {
        if (await assets.GetVisibleAsync(id, user, ct) is not { } asset || !await assets.DeleteAsync(id, [AssetEvents.Deleted(asset, clock.GetUtcNow())], ct))
            return TypedResults.NotFound();
        await store.DeleteAsync(ObjectKeys.Source(id), CancellationToken.None);
        await store.DeletePrefixAsync(ObjectKeys.WorkPrefix(id), CancellationToken.None);
        await store.DeletePrefixAsync(ObjectKeys.PublishedPrefix(id), CancellationToken.None);
        await store.DeletePrefixAsync(ObjectKeys.LogPrefix(id), CancellationToken.None);
        return TypedResults.NoContent();
    }
}
