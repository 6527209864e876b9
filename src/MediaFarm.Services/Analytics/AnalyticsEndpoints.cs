using MediaFarm.Services.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Analytics;

/// <summary>The figures of one group in the asked window.</summary>
public sealed record AnalyticsReport(string GroupBy, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AnalyticsFigures> Items);

/// <summary>
/// /v1/analytics (admins): views, watch time, completion rate and QoE (startup, rebuffer ratio, average
/// bitrate, bitrate switches, failures) per title, per CDN and per country, over the sessions started in
/// [from, to) (default: the last 7 days); ?titleId= narrows the CDN and country figures to one title.
/// </summary>
public static class AnalyticsEndpoints
{
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/analytics").WithTags("Analytics").RequireAuthorization(AccessPolicies.Admin);
        group.MapGet("/titles", (HttpRequest r, AnalyticsStore s, IOptions<AnalyticsOptions> o, TimeProvider c, CancellationToken ct) =>
            QueryAsync(AnalyticsDimension.Title, null, r, s, o, c, ct)).WithSummary("Viewing and QoE per title, most watched first");
        group.MapGet("/titles/{titleId:guid}", (Guid titleId, HttpRequest r, AnalyticsStore s, IOptions<AnalyticsOptions> o, TimeProvider c, CancellationToken ct) =>
            QueryAsync(AnalyticsDimension.Title, titleId, r, s, o, c, ct)).WithSummary("Viewing and QoE of one title");
        group.MapGet("/cdns", (HttpRequest r, AnalyticsStore s, IOptions<AnalyticsOptions> o, TimeProvider c, CancellationToken ct) =>
            QueryAsync(AnalyticsDimension.Cdn, null, r, s, o, c, ct)).WithSummary("Viewing and QoE per CDN (\"origin\": no CDN); ?titleId= for one title's");
        group.MapGet("/countries", (HttpRequest r, AnalyticsStore s, IOptions<AnalyticsOptions> o, TimeProvider c, CancellationToken ct) =>
            QueryAsync(AnalyticsDimension.Country, null, r, s, o, c, ct)).WithSummary("Viewing and QoE per viewer country; ?titleId= for one title's");
        return app;
    }

    private static async Task<Results<Ok<AnalyticsReport>, ValidationProblem>> QueryAsync(AnalyticsDimension dimension, Guid? titleId, HttpRequest request,
        AnalyticsStore store, IOptions<AnalyticsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        var now = clock.GetUtcNow();
        var to = Time(request, "to", now, problems);
        var from = Time(request, "from", to - TimeSpan.FromDays(7), problems);
        if (titleId is null && request.Query["titleId"] is { Count: > 0 } t)
        {
            if (Guid.TryParse(t, out var parsed))
                titleId = parsed;
            else
                problems["titleId"] = ["must be a title id (a UUID)"];
        }
        int limit = 100;
        if (request.Query["limit"] is { Count: > 0 } l && (!int.TryParse(l, out limit) || limit is < 1 or > MaxLimit))
            problems["limit"] = [$"must be an integer from 1 to {MaxLimit}"];
        if (problems.Count == 0 && from >= to)
            problems["from"] = ["must be before to"];
        if (problems.Count == 0 && to - from > options.Value.MaxWindow)
            problems["from"] = [$"the window may span at most {options.Value.MaxWindow.TotalDays:0} days"];
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems, title: "Invalid analytics query");
        var items = await store.QueryAsync(dimension, from, to, limit, titleId, ct);
        if (dimension == AnalyticsDimension.Title)
            items = items.Select(i => i with { Key = Guid.ParseExact(i.Key, "N").ToString("D") }).ToList();
        return TypedResults.Ok(new AnalyticsReport(dimension.ToString().ToLowerInvariant(), from, to, items));
    }

    private static DateTimeOffset Time(HttpRequest request, string name, DateTimeOffset fallback, Dictionary<string, string[]> problems)
    {
        if (request.Query[name] is not { Count: > 0 } value)
            return fallback;
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            return at;
        problems[name] = ["must be an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z"];
        return fallback;
    }
}
