using System.Security.Claims;
using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.ViewerData.Redis;
using MediaFarm.Services.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.ViewerData;

public sealed record SaveResumeRequest(double? PositionSeconds, double? DurationSeconds);

public sealed record ViewerDataBackendResponse(string Backend, ClusterReport? Cluster);

public sealed record AddMasterRequest(string? Address);

/// <summary>
/// The signed-in viewer's resume points and continue-watching list (/v1/me), and the admin view and
/// online scaling of the viewer-data store (/v1/admin/viewer-data): slots and keys per master, add a
/// master, drain one.
/// </summary>
public static class ViewerDataEndpoints
{
    private const int MaxContinueWatching = 100;

    public static IEndpointRouteBuilder MapViewerDataEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Viewer data").RequireAuthorization(AccessPolicies.Viewer);
        me.MapGet("/resume/{titleId:guid}", GetResumeAsync).WithSummary("Where you are in a title: resume position, duration, completed (≥ 90 %)");
        me.MapPut("/resume/{titleId:guid}", SaveResumeAsync).WithSummary("Save your position in a title; an older write than the stored one changes nothing");
        me.MapGet("/continue-watching", ContinueWatchingAsync).WithSummary($"Titles you started and did not finish, last watched first (max ≤ {MaxContinueWatching})");

        var admin = app.MapGroup("/v1/admin/viewer-data").WithTags("Viewer data").RequireAuthorization(AccessPolicies.Admin);
        admin.MapGet("", Backend).WithSummary("The viewer-data backend; on Redis Cluster its state, and slots, keys and replicas per master");
        admin.MapPost("/masters", AddMasterAsync).WithSummary("Join an empty cluster-enabled redis (host:port) as a master and move its share of slots to it, online");
        admin.MapPost("/masters/{nodeId}/drain", DrainAsync).WithSummary("Move every slot of a master to the others, re-home its replicas and forget it (then stop it)");
        return app;
    }

    private static async Task<Results<Ok<ResumePoint>, NotFound>> GetResumeAsync(Guid titleId, ClaimsPrincipal user, IViewerDataStore store, CancellationToken ct) =>
        await store.GetResumeAsync(user.UserId(), titleId, ct) is { } point ? TypedResults.Ok(point) : TypedResults.NotFound();

    private static async Task<Results<Ok<ResumePoint>, ValidationProblem>> SaveResumeAsync(Guid titleId, SaveResumeRequest body, ClaimsPrincipal user,
        IViewerDataStore store, TimeProvider clock, CancellationToken ct)
    {
        if (ViewerDataRules.CheckPosition(body.PositionSeconds, body.DurationSeconds) is var (field, reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: "Invalid resume position");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var point = ViewerDataRules.Resume(titleId, body.PositionSeconds!.Value, body.DurationSeconds!.Value, at);
        await store.SaveResumeAsync(user.UserId(), point, ct);
        return TypedResults.Ok(point);
    }

    private static async Task<Results<Ok<IReadOnlyList<ResumePoint>>, ProblemHttpResult>> ContinueWatchingAsync(ClaimsPrincipal user, IViewerDataStore store,
        CancellationToken ct, int max = 20)
    {
        if (max is < 1 or > MaxContinueWatching)
            return TypedResults.Problem($"max must be between 1 and {MaxContinueWatching}.", statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await store.ContinueWatchingAsync(user.UserId(), max, ct));
    }

    private static async Task<Ok<ViewerDataBackendResponse>> Backend(IOptions<StorageOptions> options, IServiceProvider services, CancellationToken ct) =>
        TypedResults.Ok(new ViewerDataBackendResponse(options.Value.ViewerData,
            services.GetService<RedisClusterAdmin>() is { } admin ? await admin.ReportAsync(ct) : null));

    private static async Task<Results<Ok<ReshardResult>, ProblemHttpResult>> AddMasterAsync(AddMasterRequest body, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<RedisClusterAdmin>() is not { } admin)
            return NotACluster();
        if (string.IsNullOrWhiteSpace(body.Address))
            return TypedResults.Problem("address (host:port of an empty cluster-enabled redis) is required.", statusCode: StatusCodes.Status400BadRequest);
        return await RunAsync(() => admin.AddMasterAsync(body.Address.Trim(), ct));
    }

    private static async Task<Results<Ok<ReshardResult>, ProblemHttpResult>> DrainAsync(string nodeId, IServiceProvider services, CancellationToken ct) =>
        services.GetService<RedisClusterAdmin>() is { } admin ? await RunAsync(() => admin.DrainMasterAsync(nodeId, ct)) : NotACluster();

    private static ProblemHttpResult NotACluster() => TypedResults.Problem(
        "The viewer data is on the metadata database (Storage:ViewerData=Metadata): there are no masters to scale.", statusCode: StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<ReshardResult>, ProblemHttpResult>> RunAsync(Func<Task<ReshardResult>> operation)
    {
        try
        {
            return TypedResults.Ok(await operation());
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
