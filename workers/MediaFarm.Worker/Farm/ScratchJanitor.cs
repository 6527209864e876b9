using System.Collections.Concurrent;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Farm;

/// <summary>
/// Keeps this node's scratch folder to what it owns. At start-up, before the node registers, everything
/// there is a dead run's leftover (its tools died with it) and goes; the store holds every committed
/// output, so nothing is lost. Then once a minute, an asset folder no stage is using here goes when
/// the asset is finished, deleted, or now placed on another node.
/// </summary>
public sealed class ScratchJanitor(IAssetRepository assets, LocalNode node, IOptions<MediaToolOptions> media,
    TimeProvider clock, ILogger<ScratchJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, int> _inUse = new();

    private string Root => media.Value.ScratchDirectory;

    /// <summary>Marks the asset's folder as in use until the returned handle is disposed.</summary>
    public IDisposable Use(Guid assetId)
    {
        _inUse.AddOrUpdate(assetId, 1, (_, n) => n + 1);
        return new Handle(() => _inUse.AddOrUpdate(assetId, 0, (_, n) => n - 1));
    }

    /// <summary>Removes every asset folder: called once, before the node run registers and takes jobs.</summary>
    public void RemoveLeftovers()
    {
        if (!Directory.Exists(Root))
            return;
        int removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
            removed += TryDelete(folder) ? 1 : 0;
        if (removed > 0)
            logger.LogInformation("Removed {Count} scratch folder(s) left by an earlier run of node {Node}", removed, node.Id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Scratch sweep failed: {Message}", e.Message);
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        if (!Directory.Exists(Root))
            return;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (!Guid.TryParseExact(Path.GetFileName(folder), "N", out var id) || _inUse.GetValueOrDefault(id) > 0)
                continue;
            var asset = await assets.GetAsync(id, ct);
            bool owned = asset is { Status: var s } && !s.IsTerminal() && asset.Placement?.Node == node.Id;
            if (!owned && _inUse.GetValueOrDefault(id) == 0)
                TryDelete(folder);
        }
    }

    private bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove scratch folder {Folder}: {Message}", folder, e.Message);
            return false;
        }
    }

    private sealed class Handle(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                release();
        }
    }
}
