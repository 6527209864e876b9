using System.Security.Claims;
using Dapper;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MediaFarm.Services.Notifications;

public sealed record NotificationResponse(string Id, Guid TitleId, string Kind, string Message, DateTimeOffset CreatedAt);

public sealed record NotificationList(IReadOnlyList<NotificationResponse> Items, int Page, int PageSize, int Total);

/// <summary>/v1/me/notifications: what the signed-in account was told, newest first.</summary>
public static class NotificationEndpoints
{
    private sealed record Row(string Id, string TitleId, string Kind, string Message, long CreatedAtMs);

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/me/notifications", ListAsync).WithTags("Me").RequireAuthorization(AccessPolicies.Viewer)
            .WithSummary("Notifications of the signed-in account (new titles in favourite genres), newest first");
        return app;
    }

    private static async Task<Results<Ok<NotificationList>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IMetadataDatabase database, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > 200)
            return TypedResults.Problem("page must be ≥ 1 and pageSize between 1 and 200.", statusCode: StatusCodes.Status400BadRequest);
        await using var connection = await database.OpenAsync(ct);
        var parameters = new { user = UserStore.Key(user.UserId()), limit = pageSize, offset = (page - 1) * pageSize };
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, title_id AS TitleId, kind AS Kind, message AS Message, created_at_ms AS CreatedAtMs
            FROM notifications WHERE user_id = @user ORDER BY created_at_ms DESC, id LIMIT @limit OFFSET @offset
            """, parameters, cancellationToken: ct));
        int total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM notifications WHERE user_id = @user", parameters, cancellationToken: ct));
        return TypedResults.Ok(new NotificationList(
            rows.Select(r => new NotificationResponse(r.Id, Guid.Parse(r.TitleId), r.Kind, r.Message, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs))).ToArray(),
            page, pageSize, total));
    }
}
