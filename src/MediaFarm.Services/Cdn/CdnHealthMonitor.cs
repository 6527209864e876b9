using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Cdn;

/// <summary>
/// Active health checks of every configured CDN, each <see cref="CdnOptions.HealthInterval"/>, in the
/// process that answers playback requests: one failed check (an error status, a refused connection or a
/// timeout) takes a CDN out of new responses at once, the next good one brings it back (at half weight
/// while the failure is recent, see <see cref="CdnSelector"/>).
/// </summary>
public sealed class CdnHealthMonitor(IOptions<CdnOptions> options, IHttpClientFactory clients, TimeProvider clock, ILogger<CdnHealthMonitor> log)
    : BackgroundService
{
    public const string HttpClientName = "cdn-health";

    private static readonly Gauge Up = Metrics.CreateGauge("mediafarm_cdn_up", "1 when the CDN passed its last health check, 0 when it failed.", "cdn");

    private readonly ConcurrentDictionary<string, CdnHealthStatus> _status = new(StringComparer.Ordinal);

    public CdnHealthStatus? Status(string name) => _status.GetValueOrDefault(name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var edges = options.Value.Edges;
        if (edges.Count == 0)
            return;
        using var timer = new PeriodicTimer(options.Value.HealthInterval, clock);
        do
        {
            await Task.WhenAll(edges.Select(e => CheckAsync(e, stoppingToken)));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One check of one CDN, recorded.</summary>
    private async Task CheckAsync(CdnEdgeOptions edge, CancellationToken ct)
    {
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.HealthTimeout);
            using var response = await clients.CreateClient(HttpClientName).GetAsync(edge.Health, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                error = $"health check answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"health check timed out after {options.Value.HealthTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            error = $"health check failed: {e.Message}";
        }
        var now = clock.GetUtcNow();
        var previous = Status(edge.Name);
        var next = error is null
            ? new CdnHealthStatus(true, now, previous?.LastFailureAt, previous?.LastError)
            : new CdnHealthStatus(false, now, now, error);
        _status[edge.Name] = next;
        Up.WithLabels(edge.Name).Set(error is null ? 1 : 0);
        if (previous?.Up != next.Up)
        {
            if (error is null)
                log.LogInformation("CDN {Cdn} is up", edge.Name);
            else
                log.LogWarning("CDN {Cdn} is down: {Error}", edge.Name, error);
        }
    }
}
