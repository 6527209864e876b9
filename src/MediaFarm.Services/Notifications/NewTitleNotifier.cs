using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Notifications;

/// <summary>
/// Records a "new title" notification for every user <see cref="NotificationRules"/> picks, in the
/// transaction that makes the title visible. The unique (user, title, kind) key keeps it to one each,
/// even if the title were made visible twice.
/// </summary>
public sealed class NewTitleNotifier(TimeProvider clock) : ITitlePublishedObserver
{
    public const string Kind = "title.published";

    private sealed record Candidate(string UserId, string Profile);

    public async Task OnTitlePublishedAsync(CatalogTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (title.Genres.Count == 0)
            return;
        // Profiles are JSON documents: filtered here rather than in two SQL dialects. Fine for thousands of
        // accounts; a large platform keeps a genre → user index instead.
        var candidates = await connection.QueryAsync<Candidate>(new CommandDefinition(
            "SELECT user_id AS UserId, profile AS Profile FROM users", transaction: transaction, cancellationToken: ct));
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var candidate in candidates)
        {
            if (JsonNode.Parse(candidate.Profile) is not JsonObject profile || !NotificationRules.ShouldNotify(profile, title.Genres))
                continue;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notifications (id, user_id, title_id, kind, message, created_at_ms)
                VALUES (@Id, @UserId, @TitleId, @Kind, @Message, @Now)
                ON CONFLICT DO NOTHING
                """,
                new
                {
                    Id = Guid.CreateVersion7().ToString("N"),
                    candidate.UserId,
                    TitleId = title.Id.ToString("D"),
                    Kind,
                    Message = $"New in {string.Join(", ", title.Genres)}: {title.Title}",
                    Now = now,
                }, transaction, cancellationToken: ct));
        }
    }
}
