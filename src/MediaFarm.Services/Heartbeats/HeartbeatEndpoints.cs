using System.Security.Claims;
using MediaFarm.Core.ViewerData;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Playback;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Heartbeats;

/// <summary>
/// POST /v1/playback/sessions/{id}/heartbeat: the player's heartbeat for the session its playback response
/// opened. Only the session's viewer may post (another account's session is 404, as an unknown one). The
/// position goes to the viewer-data store at once (resume, continue-watching); the heartbeat joins a batch
/// for analytics (<see cref="HeartbeatBatcher"/>).
/// </summary>
public static class HeartbeatEndpoints
{
    public static IEndpointRouteBuilder MapHeartbeatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/playback/sessions/{sessionId:guid}/heartbeat", PostAsync)
            .WithTags("Playback").RequireAuthorization(AccessPolicies.Viewer).RequireCors(PlaybackEndpoints.CorsPolicy)
            .WithSummary("A heartbeat of your playback session: position, played seconds, rendition and bitrate, startup/buffering/bitrate-switch/error events");
        return app;
    }

    private static async Task<Results<Accepted<HeartbeatAccepted>, ValidationProblem, ProblemHttpResult>> PostAsync(
        Guid sessionId, HeartbeatRequest body, ClaimsPrincipal user, IViewerDataStore store, HeartbeatBatcher batcher,
        IOptions<HeartbeatOptions> options, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var problems = HeartbeatInput.Problems(body);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems, title: "Invalid heartbeat");
        // Sessions are keyed by user: another viewer's session id simply does not exist for this caller.
        if (await store.GetSessionAsync(user.UserId(), sessionId, ct) is not { } session)
            return TypedResults.Problem("No playback session of yours has this id, or it expired: ask /v1/playback/{titleId} for a new one.",
                statusCode: StatusCodes.Status404NotFound, title: "Unknown session");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var heartbeat = new ViewerHeartbeat(session.UserId, sessionId, body.PositionSeconds!.Value, body.DurationSeconds!.Value, body.Rendition, at, body.Seq!.Value);
        if (!batcher.TryAdd(HeartbeatInput.Report(body, session, at)))
        {
            response.Headers.RetryAfter = "1";
            return TypedResults.Problem("Too many heartbeats are waiting to be forwarded; retry in a second.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        await store.HeartbeatAsync(heartbeat, options.Value.SessionTtl, ct);
        return TypedResults.Accepted((string?)null, new HeartbeatAccepted(sessionId, body.Seq.Value, options.Value.IntervalSeconds));
    }
}
