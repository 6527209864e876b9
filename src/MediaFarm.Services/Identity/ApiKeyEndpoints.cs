using System.Security.Claims;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MediaFarm.Services.Identity;

public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Roles);

/// <summary>The secret is in this response only; it is never shown again.</summary>
public sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Roles, string Key, DateTimeOffset CreatedAt);

/// <summary>/v1/me/api-keys: the signed-in account's keys for machine clients.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/me/api-keys").WithTags("API keys").RequireAuthorization(AccessPolicies.Viewer);
        group.MapPost("/", CreateAsync).WithSummary("Create an API key scoped to some of the account's roles; its secret is shown once");
        group.MapGet("/", ListAsync).WithSummary("The account's API keys (no secrets), with last use");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an API key");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, NotFound>> CreateAsync(
        CreateApiKeyRequest body, ClaimsPrincipal user, UserStore users, ApiKeys keys, CancellationToken ct)
    {
        if (await users.GetAsync(user.UserId(), ct) is not { } account)
            return TypedResults.NotFound();
        var roles = body.Roles ?? account.Roles;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
            errors["name"] = ["is required, at most 100 characters"];
        if (roles.Count == 0 || roles.Except(account.Roles).Any())
            errors["roles"] = [$"must be some of the account's roles ({string.Join(", ", account.Roles)})"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Invalid API key request");
        var (info, key) = await keys.CreateAsync(account.UserId, body.Name!, roles.Distinct().ToArray(), ct);
        return TypedResults.Created($"/v1/me/api-keys/{info.Id}", new CreatedApiKey(info.Id, info.Name, info.Roles, key, info.CreatedAt));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(ClaimsPrincipal user, ApiKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(user.UserId(), ct));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(string id, ClaimsPrincipal user, ApiKeys keys, CancellationToken ct) =>
        await keys.RevokeAsync(user.UserId(), id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
