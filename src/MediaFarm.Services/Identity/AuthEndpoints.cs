using System.Globalization;
using System.Text.Json.Nodes;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MediaFarm.Services.Identity;

public sealed record SignInRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record RegisterRequest(string? Password, JsonObject? Profile);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, Guid UserId, IReadOnlyList<string> Roles);

/// <summary>/v1/auth: sign-in, token refresh, sign-out and self-registration — the public endpoints.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/token", SignInAsync).RequireRateLimiting(AccessRegistration.SignInLimit)
            .WithSummary("Sign in with email and password: a short-lived access token (JWT) and a rotating refresh token");
        group.MapPost("/refresh", RefreshAsync).RequireRateLimiting(AccessRegistration.RefreshLimit)
            .WithSummary("Trade a refresh token for a new pair; a spent token revokes its whole session");
        group.MapPost("/revoke", RevokeAsync).RequireRateLimiting(AccessRegistration.RefreshLimit)
            .WithSummary("Sign out: revoke the session of a refresh token");
        group.MapPost("/register", RegisterAsync).RequireRateLimiting(AccessRegistration.SignInLimit)
            .WithSummary("Create a viewer account (pending email verification, free trial)");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(
        SignInRequest body, HttpContext http, PasswordSignIn passwords, UserService users, AccessTokens access, RefreshTokens refresh, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
            return TypedResults.Problem("email and password are required.", statusCode: StatusCodes.Status400BadRequest);
        var check = await passwords.CheckAsync(body.Email, body.Password, ct);
        if (check.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TooMany(wait);
        }
        if (check.Account is not { } account)
            return TypedResults.Problem("The email or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        account = await users.RecordSignInAsync(account, ct);
        return TypedResults.Ok(await IssueAsync(account, access, refresh, ct));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest body, RefreshTokens refresh, UserStore users, AccessTokens access, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
            return TypedResults.Problem("refreshToken is required.", statusCode: StatusCodes.Status400BadRequest);
        var rotation = await refresh.RotateAsync(body.RefreshToken, ct);
        if (rotation.Outcome != RefreshTokens.Outcome.Rotated || await users.GetAsync(rotation.UserId, ct) is not { } account)
            return TypedResults.Problem(rotation.Outcome switch
            {
                RefreshTokens.Outcome.Expired => "The refresh token expired: sign in again.",
                RefreshTokens.Outcome.Reused => "The refresh token was already used: its session is revoked, sign in again.",
                RefreshTokens.Outcome.Revoked => "The session was signed out: sign in again.",
                _ => "The refresh token is not valid.",
            }, statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");
        var (token, _) = access.Issue(account);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", access.LifetimeSeconds, rotation.Token!, account.UserId, account.Roles));
    }

    private static async Task<NoContent> RevokeAsync(RefreshRequest body, RefreshTokens refresh, CancellationToken ct)
    {
        // The same answer whether or not the token existed: revocation reveals nothing.
        if (!string.IsNullOrWhiteSpace(body.RefreshToken))
            await refresh.RevokeAsync(body.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest body, UserService users, CancellationToken ct)
    {
        var write = await users.CreateAsync(body.Profile, body.Password, [Roles.Viewer], byAdmin: false,
            AccountStatuses.PendingEmailVerification, SubscriptionPlans.FreeTrial, ct);
        return UserEndpoints.Created(write);
    }

    internal static async Task<TokenResponse> IssueAsync(UserAccount account, AccessTokens access, RefreshTokens refresh, CancellationToken ct)
    {
        var (token, _) = access.Issue(account);
        return new TokenResponse(token, "Bearer", access.LifetimeSeconds, await refresh.IssueAsync(account.UserId, ct), account.UserId, account.Roles);
    }

    private static ProblemHttpResult TooMany(TimeSpan wait)
    {
        var problem = TypedResults.Problem("Too many failed sign-ins for this account; try again later.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)Math.Ceiling(wait.TotalSeconds) });
        return problem;
    }
}
