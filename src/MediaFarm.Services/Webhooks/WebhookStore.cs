using System.Data.Common;
using Dapper;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// The webhook tables, one SQL for SQLite and PostgreSQL. Deliveries are written by event consumers inside
/// the inbox transaction; the dispatcher claims the head of each (endpoint, subject) chain, so one asset's
/// events reach an endpoint in order, one at a time; an attempt ends only under the claim it started with.
/// </summary>
public sealed class WebhookStore(IMetadataDatabase database)
{
    private const string EndpointColumns = """
        endpoint_id AS EndpointId, owner_id AS OwnerId, all_assets AS AllAssets, url AS Url, events AS Events,
        secret AS Secret, created_at_ms AS CreatedAtMs
        """;

    private const string DeliveryColumns = """
        d.seq AS Seq, d.delivery_id AS DeliveryId, d.endpoint_id AS EndpointId, d.event_id AS EventId, d.event_type AS EventType,
        d.subject_id AS SubjectId, d.payload AS Payload, d.state AS State, d.attempts AS Attempts, d.next_attempt_at_ms AS NextAttemptAtMs,
        d.give_up_at_ms AS GiveUpAtMs, d.last_status AS LastStatus, d.last_error AS LastError, d.created_at_ms AS CreatedAtMs,
        d.finished_at_ms AS FinishedAtMs
        """;

    public async Task CreateEndpointAsync(WebhookEndpointRow row, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_endpoints (endpoint_id, owner_id, all_assets, url, events, secret, created_at_ms)
            VALUES (@EndpointId, @OwnerId, @AllAssets, @Url, @Events, @Secret, @CreatedAtMs)
            """, row, cancellationToken: ct));
    }

    /// <summary>The owner's endpoints, or every endpoint when <paramref name="ownerId"/> is null (admins).</summary>
    public async Task<IReadOnlyList<WebhookEndpointRow>> ListEndpointsAsync(Guid? ownerId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<WebhookEndpointRow>(new CommandDefinition(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE @owner IS NULL OR owner_id = @owner ORDER BY created_at_ms, endpoint_id",
            new { owner = ownerId?.ToString("D") }, cancellationToken: ct))).ToList();
    }

    public async Task<WebhookEndpointRow?> GetEndpointAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<WebhookEndpointRow>(new CommandDefinition(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE endpoint_id = @id", new { id = id.ToString("D") }, cancellationToken: ct));
    }

    /// <summary>Removes the endpoint with its deliveries and their log.</summary>
    public async Task DeleteEndpointAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var args = new { id = id.ToString("D") };
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT delivery_id FROM webhook_deliveries WHERE endpoint_id = @id)", args, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_deliveries WHERE endpoint_id = @id", args, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_endpoints WHERE endpoint_id = @id", args, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// One pending delivery per endpoint that wants <paramref name="e"/>: the owner's endpoints and admins'
    /// (all assets). Inside the caller's transaction; (endpoint, event id) is unique, so twice is once.
    /// </summary>
    public static async Task<int> RecordAsync(WebhookEvent e, DateTimeOffset now, TimeSpan giveUpAfter, DbConnection connection,
        DbTransaction transaction, CancellationToken ct)
    {
        var endpoints = (await connection.QueryAsync<WebhookEndpointRow>(new CommandDefinition(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE all_assets = 1 OR owner_id = @owner",
            new { owner = e.OwnerId?.ToString("D") ?? "" }, transaction, cancellationToken: ct)))
            .Where(endpoint => endpoint.EventList.Contains(e.Type))
            .ToList();
        long nowMs = now.ToUnixTimeMilliseconds();
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (delivery_id, endpoint_id, event_id, event_type, subject_id, payload, state, attempts,
                next_attempt_at_ms, give_up_at_ms, claim, claimed_until_ms, created_at_ms)
            VALUES (@delivery, @endpoint, @eventId, @type, @subject, @payload, 'pending', 0, @now, @giveUp, NULL, 0, @now)
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            """,
            endpoints.Select(endpoint => new
            {
                delivery = Guid.CreateVersion7().ToString("D"),
                endpoint = endpoint.EndpointId,
                eventId = e.EventId.ToString("D"),
                type = e.Type,
                subject = e.SubjectId.ToString("D"),
                payload = e.Body,
                now = nowMs,
                giveUp = nowMs + (long)giveUpAfter.TotalMilliseconds,
            }).ToArray(), transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due deliveries that head their chain (no earlier pending delivery
    /// for the same endpoint and subject), each under a fresh claim for <paramref name="claimFor"/>.
    /// </summary>
    public async Task<IReadOnlyList<(string DeliveryId, string Claim)>> ClaimDueAsync(DateTimeOffset now, TimeSpan claimFor, int max, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var due = (await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT d.delivery_id FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at_ms <= @now AND d.claimed_until_ms <= @now
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                              WHERE e.endpoint_id = d.endpoint_id AND e.subject_id = d.subject_id AND e.state = 'pending' AND e.seq < d.seq)
            ORDER BY d.seq LIMIT @max {database.SkipLockedClause}
            """, new { now = nowMs, max }, transaction, cancellationToken: ct))).ToList();
        var claimed = due.Select(id => (id, Guid.NewGuid().ToString("N"))).ToList();
        foreach (var (id, claim) in claimed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE webhook_deliveries SET claim = @claim, claimed_until_ms = @until WHERE delivery_id = @id",
                new { id, claim, until = nowMs + (long)claimFor.TotalMilliseconds }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
        return claimed;
    }

    /// <summary>The delivery with its endpoint's URL and secret, if it is still pending under <paramref name="claim"/>.</summary>
    public async Task<WebhookDeliveryRow?> GetClaimedAsync(string deliveryId, string claim, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<WebhookDeliveryRow>(new CommandDefinition(
            $"""
            SELECT {DeliveryColumns}, w.url AS Url, w.secret AS Secret
            FROM webhook_deliveries d JOIN webhook_endpoints w ON w.endpoint_id = d.endpoint_id
            WHERE d.delivery_id = @deliveryId AND d.claim = @claim AND d.state = 'pending'
            """, new { deliveryId, claim }, cancellationToken: ct));
    }

    /// <summary>
    /// Logs the attempt and moves the delivery on: delivered, pending again at <paramref name="retryAt"/>, or
    /// failed when that is null. False (nothing written) when the claim was lost meanwhile.
    /// </summary>
    public async Task<bool> FinishAttemptAsync(WebhookDeliveryRow row, string claim, WebhookAttemptResult result, DateTimeOffset? retryAt,
        DateTimeOffset now, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        string state = result.Succeeded ? WebhookDeliveryStates.Delivered : retryAt is null ? WebhookDeliveryStates.Failed : WebhookDeliveryStates.Pending;
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at_ms = @next, claim = NULL, claimed_until_ms = 0,
                last_status = @status, last_error = @error, finished_at_ms = @finished
            WHERE delivery_id = @DeliveryId AND claim = @claim AND state = 'pending'
            """,
            new
            {
                row.DeliveryId, claim, state, status = result.StatusCode, error = result.Error,
                next = (retryAt ?? now).ToUnixTimeMilliseconds(),
                finished = state == WebhookDeliveryStates.Pending ? (long?)null : nowMs,
            }, transaction, cancellationToken: ct));
        if (changed == 0)
            return false;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_attempts (delivery_id, attempt, at_ms, status_code, error, duration_ms)
            VALUES (@DeliveryId, @attempt, @at, @status, @error, @duration)
            """,
            new
            {
                row.DeliveryId, attempt = row.Attempts + 1, at = nowMs, status = result.StatusCode, error = result.Error,
                duration = (long)result.Duration.TotalMilliseconds,
            }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The endpoint's latest deliveries, newest first, with their attempts.</summary>
    public async Task<IReadOnlyList<(WebhookDeliveryRow Delivery, IReadOnlyList<WebhookAttemptRow> Attempts)>> ListDeliveriesAsync(
        Guid endpointId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var deliveries = (await connection.QueryAsync<WebhookDeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries d WHERE d.endpoint_id = @id ORDER BY d.seq DESC LIMIT @max",
            new { id = endpointId.ToString("D"), max }, cancellationToken: ct))).ToList();
        var ids = deliveries.Select(d => d.DeliveryId).ToArray();
        var attempts = (ids.Length == 0 ? [] : await connection.QueryAsync<WebhookAttemptRow>(new CommandDefinition(
            $"""
            SELECT delivery_id AS DeliveryId, attempt AS Attempt, at_ms AS AtMs, status_code AS StatusCode, error AS Error, duration_ms AS DurationMs
            FROM webhook_attempts WHERE {database.InList("delivery_id", "@ids")} ORDER BY attempt
            """, new { ids }, cancellationToken: ct))).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => (d, (IReadOnlyList<WebhookAttemptRow>)attempts[d.DeliveryId].ToList())).ToList();
    }

    /// <summary>Sends a delivery again from now on, whatever its state, with a fresh give-up window. False if it is not the endpoint's.</summary>
    public async Task<bool> RedeliverAsync(Guid endpointId, Guid deliveryId, DateTimeOffset now, TimeSpan giveUpAfter, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = 'pending', next_attempt_at_ms = @now, give_up_at_ms = @giveUp, claim = NULL,
                claimed_until_ms = 0, finished_at_ms = NULL
            WHERE delivery_id = @delivery AND endpoint_id = @endpoint
            """,
            new
            {
                delivery = deliveryId.ToString("D"), endpoint = endpointId.ToString("D"), now = nowMs,
                giveUp = nowMs + (long)giveUpAfter.TotalMilliseconds,
            }, cancellationToken: ct)) == 1;
    }

    /// <summary>Deliveries still to be made (for the gauge).</summary>
    public async Task<long> PendingCountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'", cancellationToken: ct));
    }
}
