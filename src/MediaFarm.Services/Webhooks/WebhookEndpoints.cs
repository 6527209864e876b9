using System.Security.Claims;
using System.Security.Cryptography;
using System.Buffers.Text;
using MediaFarm.Services.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Webhooks;

public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

public sealed record WebhookEndpointResponse(Guid Id, string Url, IReadOnlyList<string> Events, bool AllAssets, DateTimeOffset CreatedAt)
{
    internal static WebhookEndpointResponse From(WebhookEndpointRow r) =>
        new(Guid.Parse(r.EndpointId), r.Url, r.EventList, r.AllAssets == 1, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs));
}

/// <summary>The signing secret is in this response only; it is never shown again.</summary>
public sealed record CreatedWebhookEndpoint(Guid Id, string Url, IReadOnlyList<string> Events, bool AllAssets, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookAttemptResponse(long Attempt, DateTimeOffset At, long? StatusCode, string? Error, long DurationMs);

public sealed record WebhookDeliveryResponse(Guid Id, Guid EventId, string EventType, Guid SubjectId, string State, long Attempts,
    DateTimeOffset? NextAttemptAt, long? LastStatus, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<WebhookAttemptResponse> Log);

/// <summary>/v1/webhooks: an account's endpoints (uploaders: their assets' events; admins: every asset's), delivery log and redelivery.</summary>
public static class WebhookEndpoints
{
    private const int LogSize = 100;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Uploader);
        group.MapPost("/", CreateAsync).WithSummary($"Register an endpoint for some of: {string.Join(", ", WebhookEvents.All)}; its signing secret is shown once");
        group.MapGet("/", ListAsync).WithSummary("Your webhook endpoints (admins: all), without secrets");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One webhook endpoint");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove an endpoint, its pending deliveries and its log");
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithSummary($"The endpoint's last {LogSize} deliveries, newest first, each with its attempts and status codes");
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithSummary("Send a delivery again now (receivers drop repeats by event id)");
        return app;
    }

    private static async Task<Results<Created<CreatedWebhookEndpoint>, ValidationProblem>> CreateAsync(CreateWebhookRequest body, ClaimsPrincipal user,
        WebhookStore store, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (WebhookTargets.Check(body.Url, options.Value.AllowPrivateTargets) is { } urlProblem)
            errors["url"] = [urlProblem];
        var events = body.Events?.Distinct().ToArray() ?? [];
        if (events.Length == 0 || events.Except(WebhookEvents.All).Any())
            errors["events"] = [$"must be one or more of {string.Join(", ", WebhookEvents.All)}"];
        var mine = await store.ListEndpointsAsync(user.UserId(), ct);
        if (mine.Count >= options.Value.MaxEndpointsPerAccount)
            errors["url"] = [$"this account has {mine.Count} endpoints, the most allowed; remove one first"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Invalid webhook endpoint");
        var row = new WebhookEndpointRow
        {
            EndpointId = Guid.CreateVersion7().ToString("D"),
            OwnerId = user.UserId().ToString("D"),
            AllAssets = user.IsAdmin() ? 1 : 0,
            Url = body.Url!,
            Events = string.Join(',', events),
            Secret = "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await store.CreateEndpointAsync(row, ct);
        var created = WebhookEndpointResponse.From(row);
        return TypedResults.Created($"/v1/webhooks/{created.Id:D}",
            new CreatedWebhookEndpoint(created.Id, created.Url, created.Events, created.AllAssets, created.CreatedAt, row.Secret));
    }

    private static async Task<Ok<WebhookEndpointResponse[]>> ListAsync(ClaimsPrincipal user, WebhookStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListEndpointsAsync(user.IsAdmin() ? null : user.UserId(), ct)).Select(WebhookEndpointResponse.From).ToArray());

    private static async Task<Results<Ok<WebhookEndpointResponse>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, WebhookStore store, CancellationToken ct) =>
        await VisibleAsync(store, id, user, ct) is { } row ? TypedResults.Ok(WebhookEndpointResponse.From(row)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ClaimsPrincipal user, WebhookStore store, CancellationToken ct)
    {
        if (await VisibleAsync(store, id, user, ct) is null)
            return TypedResults.NotFound();
        await store.DeleteEndpointAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookDeliveryResponse[]>, NotFound>> DeliveriesAsync(Guid id, ClaimsPrincipal user, WebhookStore store, CancellationToken ct)
    {
        if (await VisibleAsync(store, id, user, ct) is null)
            return TypedResults.NotFound();
        var deliveries = await store.ListDeliveriesAsync(id, LogSize, ct);
        return TypedResults.Ok(deliveries.Select(x => new WebhookDeliveryResponse(
            Guid.Parse(x.Delivery.DeliveryId), Guid.Parse(x.Delivery.EventId), x.Delivery.EventType, Guid.Parse(x.Delivery.SubjectId), x.Delivery.State,
            x.Delivery.Attempts,
            x.Delivery.State == WebhookDeliveryStates.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(x.Delivery.NextAttemptAtMs) : null,
            x.Delivery.LastStatus, x.Delivery.LastError, DateTimeOffset.FromUnixTimeMilliseconds(x.Delivery.CreatedAtMs),
            x.Delivery.FinishedAtMs is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            x.Attempts.Select(a => new WebhookAttemptResponse(a.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.StatusCode, a.Error, a.DurationMs)).ToArray()))
            .ToArray());
    }

    private static async Task<Results<Accepted, NotFound>> RedeliverAsync(Guid id, Guid deliveryId, ClaimsPrincipal user, WebhookStore store,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await VisibleAsync(store, id, user, ct) is null || !await store.RedeliverAsync(id, deliveryId, clock.GetUtcNow(), options.Value.GiveUpAfter, ct))
            return TypedResults.NotFound();
        return TypedResults.Accepted($"/v1/webhooks/{id:D}/deliveries");
    }

    /// <summary>The endpoint if the caller registered it or is an admin; others get what an unknown id gets.</summary>
    private static async Task<WebhookEndpointRow?> VisibleAsync(WebhookStore store, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await store.GetEndpointAsync(id, ct) is { } row && (user.IsAdmin() || row.OwnerId == user.UserId().ToString("D")) ? row : null;
}
