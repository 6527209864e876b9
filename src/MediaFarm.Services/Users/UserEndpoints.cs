using System.Text.Json.Nodes;
using MediaFarm.Services.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;

namespace MediaFarm.Services.Users;

/// <summary>An account as the API shows it: the UserProfile document and the roles beside it.</summary>
public sealed record UserResponse(JsonObject Profile, IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserAccount a) => new(a.Profile, a.Roles);
}

public sealed record UserList(IReadOnlyList<UserResponse> Items, int Page, int PageSize, int Total);

public sealed record CreateUserRequest(string? Password, IReadOnlyList<string>? Roles, JsonObject? Profile);

public sealed record RolesRequest(IReadOnlyList<string>? Roles);

/// <summary>/v1/me (the signed-in account) and /v1/users (admin CRUD).</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Me").RequireAuthorization(AccessPolicies.Viewer);
        me.MapGet("/", GetMeAsync).WithSummary("The signed-in account's profile and roles");
        me.MapPatch("/", PatchMeAsync).Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .WithSummary("Change the own profile (JSON merge patch; status, plan and server-set fields refused)");

        var users = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(AccessPolicies.Admin);
        users.MapGet("/", ListAsync).WithSummary("Accounts, oldest first");
        users.MapPost("/", CreateAsync).WithSummary("Create an account (profile, roles, optional password)");
        users.MapGet("/{id:guid}", GetAsync).WithSummary("One account");
        users.MapPatch("/{id:guid}", PatchAsync).Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .WithSummary("Change an account's profile, status or plan (JSON merge patch; each status or plan change emits an event)");
        users.MapPut("/{id:guid}/roles", SetRolesAsync).WithSummary("Replace an account's roles");
        users.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete an account with its sessions and API keys");
        return app;
    }

    private static async Task<Results<Ok<UserResponse>, NotFound>> GetMeAsync(ClaimsPrincipal user, UserStore store, CancellationToken ct) =>
        await store.GetAsync(user.UserId(), ct) is { } account ? TypedResults.Ok(UserResponse.From(account)) : TypedResults.NotFound();

    private static async Task<IResult> PatchMeAsync(HttpRequest request, ClaimsPrincipal user, UserService users, CancellationToken ct) =>
        Updated(await users.PatchAsync(user.UserId(), await ReadObjectAsync(request, ct), byAdmin: false, ct));

    private static async Task<Results<Ok<UserList>, ProblemHttpResult>> ListAsync(UserStore store, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > 200)
            return TypedResults.Problem("page must be ≥ 1 and pageSize between 1 and 200.", statusCode: StatusCodes.Status400BadRequest);
        var result = await store.ListAsync((page - 1) * pageSize, pageSize, ct);
        return TypedResults.Ok(new UserList(result.Items.Select(UserResponse.From).ToArray(), page, pageSize, result.Total));
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest body, UserService users, CancellationToken ct) =>
        Created(await users.CreateAsync(body.Profile, body.Password, body.Roles ?? [Roles.Viewer], byAdmin: true,
            AccountStatuses.Active, SubscriptionPlans.FreeTrial, ct));

    private static async Task<Results<Ok<UserResponse>, NotFound>> GetAsync(Guid id, UserStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } account ? TypedResults.Ok(UserResponse.From(account)) : TypedResults.NotFound();

    private static async Task<IResult> PatchAsync(Guid id, HttpRequest request, UserService users, CancellationToken ct) =>
        Updated(await users.PatchAsync(id, await ReadObjectAsync(request, ct), byAdmin: true, ct));

    private static async Task<IResult> SetRolesAsync(Guid id, RolesRequest body, UserService users, CancellationToken ct) =>
        Updated(await users.SetRolesAsync(id, body.Roles ?? [], ct));

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, UserStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult> Created(UserWrite write) =>
        write switch
        {
            { Account: { } a } => TypedResults.Created($"/v1/users/{a.UserId:D}", UserResponse.From(a)),
            { Conflict: { } reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status409Conflict),
            _ => Invalid(write),
        };

    private static IResult Updated(UserWrite write) =>
        write switch
        {
            { Account: { } a } => TypedResults.Ok(UserResponse.From(a)),
            { Conflict: { } reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status409Conflict),
            { Errors.Count: 0 } => TypedResults.NotFound(),
            _ => Invalid(write),
        };

    /// <summary>A 400 that names every offending field.</summary>
    private static ValidationProblem Invalid(UserWrite write) =>
        TypedResults.ValidationProblem(
            write.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: "The profile does not match the UserProfile schema: " + string.Join("; ", write.Errors.Select(e => $"{e.Field} {e.Message}")),
            title: "Invalid profile");

    /// <summary>The body as a JSON object; null when it is not one (the write then answers 400).</summary>
    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
