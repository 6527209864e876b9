using System.Threading.Channels;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Heartbeats;

/// <summary>
/// Forwards accepted heartbeats to analytics in batches: one playback.heartbeats event per batch, written to
/// the outbox in one transaction, so the hot path never opens a transaction per heartbeat. A batch is
/// written when it is full or its oldest heartbeat waited Heartbeats:FlushInterval; what is waiting is
/// written at shutdown. A process killed with SIGKILL loses at most the heartbeats of one interval: their
/// resume points are already in the viewer-data store, and analytics count the next heartbeats.
/// </summary>
public sealed class HeartbeatBatcher(IMetadataDatabase database, OutboxSignal signal, IOptions<HeartbeatOptions> options, TimeProvider clock,
    ILogger<HeartbeatBatcher> logger) : BackgroundService
{
    private static readonly Counter Accepted = Metrics.CreateCounter("mediafarm_heartbeats_accepted_total", "Heartbeats accepted by this api process.");
    private static readonly Counter Refused = Metrics.CreateCounter("mediafarm_heartbeats_backlog_refused_total", "Heartbeats refused with 503 because the backlog was full.");
    private static readonly Gauge Waiting = Metrics.CreateGauge("mediafarm_heartbeats_waiting", "Heartbeats accepted and not yet in the outbox.");
    private static readonly Histogram BatchSizes = Metrics.CreateHistogram("mediafarm_heartbeat_batch_size", "Heartbeats per playback.heartbeats event.",
        new HistogramConfiguration { Buckets = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000] });

    private readonly Channel<PlaybackHeartbeatReport> _channel = Channel.CreateBounded<PlaybackHeartbeatReport>(
        new BoundedChannelOptions(options.Value.Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>False when the backlog is full (the caller answers 503).</summary>
    public bool TryAdd(PlaybackHeartbeatReport report)
    {
        if (!_channel.Writer.TryWrite(report))
        {
            Refused.Inc();
            return false;
        }
        Accepted.Inc();
        Waiting.Inc();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var batch = new List<PlaybackHeartbeatReport>(o.BatchSize);
        var reader = _channel.Reader;
        while (await WaitAsync(reader, stoppingToken))
        {
            // The first heartbeat opens a batch; more join it until it is full or the flush interval passed.
            using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            window.CancelAfter(o.FlushInterval);
            try
            {
                while (batch.Count < o.BatchSize)
                {
                    while (batch.Count < o.BatchSize && reader.TryRead(out var report))
                        batch.Add(report);
                    if (batch.Count < o.BatchSize)
                        await reader.WaitToReadAsync(window.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The window closed (or the host stops: the batch is written below all the same).
            }
            await WriteAsync(batch);
            batch.Clear();
        }
        while (reader.TryRead(out var report))
        {
            batch.Add(report);
            if (batch.Count == o.BatchSize)
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
            await WriteAsync(batch);
    }

    private static async Task<bool> WaitAsync(ChannelReader<PlaybackHeartbeatReport> reader, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes one event; retried while the database is away, so a restart of it loses nothing.</summary>
    private async Task WriteAsync(List<PlaybackHeartbeatReport> batch)
    {
        var e = new PlaybackHeartbeatsReported { Heartbeats = batch.ToArray(), OccurredAt = clock.GetUtcNow() };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                await OutboxWriter.AppendAsync(connection, transaction, [e], CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                signal.Notify();
                Waiting.Dec(batch.Count);
                BatchSizes.Observe(batch.Count);
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or IOException && attempt < 60)
            {
                logger.LogWarning("Heartbeat batch of {Count} not written (attempt {Attempt}), retrying: {Message}", batch.Count, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock);
            }
        }
    }
}
