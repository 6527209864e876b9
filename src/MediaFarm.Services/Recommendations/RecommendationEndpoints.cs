using System.Security.Claims;
using System.Text.Json;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Recommendations;

public sealed record RecommendedTitle(Guid Id, string Title, IReadOnlyList<string> Genres, string ContentRating, double Score, string Because)
{
    internal static RecommendedTitle From(Recommendation r) =>
        new(r.Title.Id, r.Title.Name, r.Title.Genres, r.Title.ContentRating, r.Score, r.Because);
}

public sealed record RecommendationList(IReadOnlyList<RecommendedTitle> Items);

public sealed record RatingResponse(Guid TitleId, int Stars, DateTimeOffset RatedAt);

/// <summary>
/// /v1/me/recommendations, /v1/titles/{id}/similar and /v1/titles/{id}/rating, for viewers. A title the
/// viewer may not see (unknown, unpublished, above their parental maximum) answers 404 as the catalog does.
/// </summary>
public static class RecommendationEndpoints
{
    public const int DefaultMax = 10;

    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/me/recommendations", ForMeAsync).RequireAuthorization(AccessPolicies.Viewer).WithTags("Recommendations")
            .WithSummary("Titles for you (max, default 10): from what you watched and rated, your favourite genres and what is popular; never what you finished, always within your parental maximum");
        var titles = app.MapGroup("/v1/titles").WithTags("Recommendations").RequireAuthorization(AccessPolicies.Viewer);
        titles.MapGet("/{id:guid}/similar", SimilarAsync)
            .WithSummary("Titles like this one (max, default 10): watched by the same viewers, sharing its genres; within your parental maximum");
        titles.MapPost("/{id:guid}/rating", RateAsync).Accepts<RatingRequestDoc>("application/json")
            .WithSummary("Rate a published title 1 to 5 stars (a later rating replaces yours)");
        return app;
    }

    /// <summary>The body's shape, for the OpenAPI document (the handler reads it itself, to name what is wrong).</summary>
    public sealed record RatingRequestDoc(int Stars);

    private static async Task<Results<Ok<RecommendationList>, ValidationProblem>> ForMeAsync(ClaimsPrincipal user, RecommendationStore store,
        [FromServices] IViewerDirectory viewers, Recommender model, IOptions<RecommendationOptions> options, CancellationToken ct, int max = DefaultMax)
    {
        var service = new RecommendationService(store, viewers, model);
        if (MaxProblem(max, options.Value) is { } problem)
            return problem;
        var items = await service.ForUserAsync(user.UserId(), max, ct);
        return TypedResults.Ok(new RecommendationList(items.Select(RecommendedTitle.From).ToArray()));
    }

    private static async Task<Results<Ok<RecommendationList>, ValidationProblem, NotFound>> SimilarAsync(Guid id, ClaimsPrincipal user,
        RecommendationStore store, [FromServices] IViewerDirectory viewers, Recommender model, IOptions<RecommendationOptions> options,
        CancellationToken ct, int max = DefaultMax)
    {
        var service = new RecommendationService(store, viewers, model);
        if (MaxProblem(max, options.Value) is { } problem)
            return problem;
        return await service.SimilarAsync(user.UserId(), id, max, ct) is { } items
            ? TypedResults.Ok(new RecommendationList(items.Select(RecommendedTitle.From).ToArray()))
            : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<RatingResponse>, ValidationProblem, NotFound>> RateAsync(Guid id, HttpRequest request, ClaimsPrincipal user,
        ICatalogStore catalog, [FromServices] IViewerDirectory viewers, RecommendationStore store, TimeProvider clock, CancellationToken ct)
    {
        var title = await catalog.GetAsync(id, ct);
        if (title is not { IsPublished: true }
            || !ContentRatings.IsAllowed(title.ContentRating, ContentRatings.ViewerMaximum(await viewers.GetViewerAsync(user.UserId(), ct))))
            return TypedResults.NotFound();
        var (stars, reason) = await ReadStarsAsync(request, ct);
        if (reason is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stars"] = [reason] }, title: "Invalid rating");
        var now = clock.GetUtcNow();
        await store.RateAsync(user.UserId(), id, stars, now, ct);
        return TypedResults.Ok(new RatingResponse(id, stars, now));
    }

    /// <summary>{"stars": n} with n a whole number 1–5; else why not.</summary>
    internal static async Task<(int Stars, string? Reason)> ReadStarsAsync(HttpRequest request, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return (0, "the body must be a JSON object like {\"stars\": 4}");
        }
        using (document)
            return StarsFrom(document.RootElement);
    }

    public static (int Stars, string? Reason) StarsFrom(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("stars", out var value))
            return (0, "stars is required: a whole number from 1 to 5");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int stars))
            return (0, "stars must be a whole number from 1 to 5");
        return stars is >= 1 and <= 5 ? (stars, null) : (0, $"stars must be from 1 to 5, not {stars}");
    }

    private static ValidationProblem? MaxProblem(int max, RecommendationOptions options) =>
        max < 1 || max > options.MaxResults
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = [$"max must be from 1 to {options.MaxResults}."] })
            : null;
}
