using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// Keeps a stage lease alive while its stage runs, and cancels the stage the moment the lease turns out
/// to be lost (taken over because the farm judged this node run gone). A renewal that fails for a
/// database blip is retried; the lease's TTL covers such gaps, and the fenced writes stay safe anyway.
/// </summary>
public sealed class StageLeaseKeeper : IAsyncDisposable
{
    /// <summary>How long a lease lasts without renewal, and how often it is renewed.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StageLeaseKeeper(IStageLeaseStore leases, StageLease lease, CancellationTokenSource onLost, TimeProvider clock, ILogger logger)
    {
        _loop = KeepAsync(leases, lease, onLost, clock, logger, _stop.Token);
    }

    private async Task KeepAsync(IStageLeaseStore leases, StageLease lease, CancellationTokenSource onLost, TimeProvider clock,
        ILogger logger, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    if (await leases.RenewAsync(lease, Ttl, ct))
                        continue;
                    logger.LogWarning("{Stage} of asset {AssetId} lost its lease (token {Token}): another execution took the stage over; stopping",
                        lease.Stage.Name(), lease.AssetId, lease.Token);
                    await onLost.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Lease of {Stage} of asset {AssetId} not renewed: {Message}", lease.Stage.Name(), lease.AssetId, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the stage is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
