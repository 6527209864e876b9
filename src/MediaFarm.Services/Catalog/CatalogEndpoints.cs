using System.Security.Claims;
using System.Text.Json;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// /v1/titles and /v1/me/titles. Viewers see published titles within their parental maximum; owners
/// and admins also see unpublished ones. A title the caller may not see answers 404, as one that does
/// not exist, so its existence is not revealed.
/// </summary>
public static class CatalogEndpoints
{
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 200;

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var titles = app.MapGroup("/v1/titles").WithTags("Catalog");
        titles.MapGet("/", SearchAsync).RequireAuthorization(AccessPolicies.Viewer)
            .WithSummary("Search published titles (q, genre, rating, page, pageSize), within the viewer's parental maximum");
        titles.MapGet("/{id:guid}", GetAsync).RequireAuthorization(AccessPolicies.Viewer)
            .WithSummary("One title: published, or the caller's own (admins: any)");
        titles.MapPost("/", CreateAsync).RequireAuthorization(AccessPolicies.Uploader)
            .Accepts<TitleCreateRequest>("application/json")
            .WithSummary("Create the title of an asset of yours; visible to viewers once the asset is published");
        titles.MapPatch("/{id:guid}", PatchAsync).RequireAuthorization(AccessPolicies.Uploader)
            .Accepts<TitlePatchRequest>("application/json")
            .WithSummary("Change a title of yours (admins: any)");
        titles.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AccessPolicies.Uploader)
            .WithSummary("Delete a title of yours (admins: any); the asset stays");
        app.MapGet("/v1/me/titles", MineAsync).RequireAuthorization(AccessPolicies.Uploader).WithTags("Catalog")
            .WithSummary("Your titles, published or not, newest first");
        return app;
    }

    private static async Task<Results<Ok<TitleList>, ValidationProblem>> SearchAsync(
        ClaimsPrincipal user, ICatalogStore store, [FromServices] IViewerDirectory viewers, CancellationToken ct,
        string? q = null, string? genre = null, string? rating = null, int page = 1, int pageSize = 20)
    {
        var errors = PagingErrors(page, pageSize);
        if (q is { Length: > MaxQueryLength })
            errors["q"] = [$"q must be at most {MaxQueryLength} characters."];
        string? normalizedGenre = string.IsNullOrWhiteSpace(genre) ? null : TitleInput.NormalizeGenre(genre);
        if (normalizedGenre is { Length: > TitleInput.MaxGenreLength })
            errors["genre"] = [$"genre must be at most {TitleInput.MaxGenreLength} characters."];
        string? normalizedRating = string.IsNullOrWhiteSpace(rating) ? null : ContentRatings.Normalize(rating);
        if (rating is not null && !string.IsNullOrWhiteSpace(rating) && normalizedRating is null)
            errors["rating"] = [$"rating must be one of {string.Join(", ", ContentRatings.All)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var result = await store.SearchAsync(new TitleSearch
        {
            Query = q,
            Genre = normalizedGenre,
            Rating = normalizedRating,
            MaxContentRating = ContentRatings.ViewerMaximum(await viewers.GetViewerAsync(user.UserId(), ct)),
            Page = page,
            PageSize = pageSize,
        }, ct);
        return TypedResults.Ok(new TitleList(
            result.Items.Select(t => TitleResponse.From(t, ShowsOwner(user, t))).ToArray(), page, pageSize, result.Total,
            result.Corrections.Count > 0 ? result.Corrections : null));
    }

    private static async Task<Results<Ok<TitleResponse>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, ICatalogStore store, [FromServices] IViewerDirectory viewers, CancellationToken ct)
    {
        var title = await store.GetAsync(id, ct);
        if (title is null)
            return TypedResults.NotFound();
        if (ShowsOwner(user, title))
            return TypedResults.Ok(TitleResponse.From(title, showOwner: true));
        string? maximum = title.IsPublished ? ContentRatings.ViewerMaximum(await viewers.GetViewerAsync(user.UserId(), ct)) : null;
        return title.IsPublished && ContentRatings.IsAllowed(title.ContentRating, maximum)
            ? TypedResults.Ok(TitleResponse.From(title, showOwner: false))
            : TypedResults.NotFound();
    }

    private static async Task<Results<Created<TitleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, TitleCreator creator, [FromServices] IAssetOwnership ownership, TimeProvider clock, CancellationToken ct)
    {
        if (await ReadBodyAsync(request, ct) is not { } body)
            return InvalidJson();
        var (input, errors) = TitleInput.ReadCreate(body, clock.GetUtcNow().Year);
        if (input is null)
            return TypedResults.ValidationProblem(errors);
        if (!await ownership.IsOwnerAsync(input.AssetId, user.UserId(), ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["assetId"] = ["No asset of yours has this id."] });
        var title = await creator.CreateAsync(input.AssetId, user.UserId(), input.Fields, ct);
        return title is null
            ? TypedResults.Problem("This asset already has a title: change that one.", statusCode: StatusCodes.Status409Conflict, title: "Title exists")
            : TypedResults.Created($"/v1/titles/{title.Id:N}", TitleResponse.From(title, showOwner: true));
    }

    private static async Task<Results<Ok<TitleResponse>, ValidationProblem, NotFound>> PatchAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, ICatalogStore store, TimeProvider clock, CancellationToken ct)
    {
        var title = await store.GetAsync(id, ct);
        if (title is null || !ShowsOwner(user, title))
            return TypedResults.NotFound();
        if (await ReadBodyAsync(request, ct) is not { } body)
            return InvalidJson();
        var current = new TitleFields(title.Title, title.Description, title.Genres, title.ContentRating, title.ReleaseYear);
        var (fields, errors) = TitleInput.ReadPatch(body, current, clock.GetUtcNow().Year);
        if (fields is null)
            return TypedResults.ValidationProblem(errors);
        return await store.UpdateAsync(id, fields, clock.GetUtcNow(), ct) is { } updated
            ? TypedResults.Ok(TitleResponse.From(updated, showOwner: true))
            : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ClaimsPrincipal user, ICatalogStore store, CancellationToken ct)
    {
        var title = await store.GetAsync(id, ct);
        if (title is null || !ShowsOwner(user, title))
            return TypedResults.NotFound();
        return await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<TitleList>, ValidationProblem>> MineAsync(
        ClaimsPrincipal user, ICatalogStore store, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        var errors = PagingErrors(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var result = await store.ListByOwnerAsync(user.UserId(), page, pageSize, ct);
        return TypedResults.Ok(new TitleList(result.Items.Select(t => TitleResponse.From(t, showOwner: true)).ToArray(), page, pageSize, result.Total));
    }

    /// <summary>The owner and admins see a title whatever its state, and who owns it.</summary>
    private static bool ShowsOwner(ClaimsPrincipal user, CatalogTitle title) => user.IsAdmin() || user.UserId() == title.OwnerId;

    private static Dictionary<string, string[]> PagingErrors(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
            errors["page"] = ["page must be 1 or more."];
        if (pageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"pageSize must be from 1 to {MaxPageSize}."];
        return errors;
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ValidationProblem InvalidJson() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] });
}
