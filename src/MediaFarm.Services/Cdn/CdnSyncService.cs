using System.Text;
using MediaFarm.Core.Media;
using MediaFarm.Core.Storage;
using MediaFarm.Services.Playback;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Cdn;

/// <summary>
/// The publisher's worker (services role): claims due warm/purge/republish rows and carries them out on
/// their CDN, retrying with exponential backoff and jitter until done or <see cref="CdnOptions.MaxAttempts"/>
/// is spent (then failed, with the last reason). Rows survive restarts; a killed process's claims lapse.
/// </summary>
public sealed class CdnSyncService(CdnStateStore states, IObjectStore store, PlaybackTokens tokens, IEnumerable<ICdnEdgeClient> clients,
    IOptions<CdnOptions> options, TimeProvider clock, ILogger<CdnSyncService> log) : BackgroundService
{
    private static readonly Counter Attempts = Metrics.CreateCounter("mediafarm_cdn_sync_total",
        "CDN warm/purge attempts by CDN, action and result (done, retry, failed).", "cdn", "action", "result");

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int BatchSize = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Edges.Count == 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A claim outlives an attempt (a few rounds of bounded requests); a killed process's claims lapse after it.
                var due = await states.ClaimDueAsync(clock.GetUtcNow(), options.Value.RequestTimeout * 4, BatchSize, stoppingToken);
                await Task.WhenAll(due.Select(row => RunAsync(row, stoppingToken)));
                if (due.Count == BatchSize)
                    continue;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "CDN sync pass failed; trying again");
            }
            await Task.Delay(PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One attempt of one row; its outcome is written only if no newer request replaced the row.</summary>
    public async Task RunAsync(CdnAssetState row, CancellationToken ct)
    {
        var edge = options.Value.Edges.FirstOrDefault(e => e.Name == row.Cdn);
        string state, result;
        string? reason = null;
        DateTimeOffset? retryAt = null;
        try
        {
            if (edge is null)
                throw new CdnSyncException($"CDN {row.Cdn} is no longer configured");
            var client = clients.First(c => c.Kind == edge.Kind);
            if (row.Action is CdnActions.Purge or CdnActions.Republish)
                await client.PurgeAsync(edge, row.Asset, await states.FilesAsync(row.Asset, ct), Entitlements.Caps, ct);
            if (row.Action is CdnActions.Warm or CdnActions.Republish)
                await WarmAsync(client, edge, row.Asset, ct);
            state = row.Action == CdnActions.Purge ? CdnStates.Purged : CdnStates.Warm;
            result = "done";
        }
        catch (CdnSyncException e) when (!ct.IsCancellationRequested)
        {
            reason = e.Message;
            bool giveUp = edge is null || row.Attempts + 1 >= options.Value.MaxAttempts;
            state = giveUp ? CdnStates.Failed : CdnStates.Pending;
            retryAt = giveUp ? null : clock.GetUtcNow() + RetryDelay(row.Attempts + 1);
            result = giveUp ? "failed" : "retry";
            log.LogWarning("CDN {Cdn} {Action} of asset {Asset} attempt {Attempt}: {Reason}{Next}", row.Cdn, row.Action, row.AssetId,
                row.Attempts + 1, reason, giveUp ? "; given up" : $"; next at {retryAt:O}");
        }
        Attempts.WithLabels(row.Cdn, row.Action, result).Inc();
        await states.FinishAsync(row, state, reason, retryAt, clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>Backoff before attempt <paramref name="attempt"/> + 1: doubling from RetryDelay up to MaxRetryDelay, ±20 % jitter.</summary>
    public TimeSpan RetryDelay(long attempt)
    {
        var o = options.Value;
        double seconds = Math.Min(o.RetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30)), o.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    /// <summary>Reads the package's playlists from the store, keeps its file list for later purges, and fetches the warm set through the CDN.</summary>
    private async Task WarmAsync(ICdnEdgeClient client, CdnEdgeOptions edge, Guid assetId, CancellationToken ct)
    {
        string master = await ReadAsync(assetId, PackagePaths.HlsMaster, ct)
            ?? throw new CdnSyncException("the asset's master playlist is not in the store (deleted, or not published)");
        var playlists = new List<MediaPlaylistFiles>();
        foreach (string path in PackageFiles.MediaPlaylists(master))
        {
            if (await ReadAsync(assetId, path, ct) is { } text)
                playlists.Add(PackageFiles.MediaFiles(path, text));
        }
        await states.SaveFilesAsync(assetId, PackageFiles.All(playlists), clock.GetUtcNow(), ct);

        string everything = tokens.Issue(assetId, PlaybackGrant.AllRungs);
        var requests = Entitlements.Caps
            .SelectMany(cap => new[] { PackagePaths.HlsMaster, PackagePaths.DashManifest }
                .Select(m => Request(edge, tokens.Issue(assetId, cap), assetId, m, mayBeRefused: cap != PlaybackGrant.AllRungs)))
            .Concat(PackageFiles.Warm(playlists, options.Value.WarmSegmentsPerRung).Select(path => Request(edge, everything, assetId, path, mayBeRefused: false)))
            .ToList();
        await client.WarmAsync(edge, requests, ct);
    }

    private static WarmRequest Request(CdnEdgeOptions edge, string token, Guid assetId, string path, bool mayBeRefused) =>
        new(path, new Uri(PlaybackUrls.Base(edge.Internal, token, assetId) + path), mayBeRefused);

    private async Task<string?> ReadAsync(Guid assetId, string path, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(ObjectKeys.Published(assetId, path), ct);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
