using CliWrap;
using CliWrap.Buffered;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Capabilities;

/// <summary>Asks the installed ffmpeg what it supports, once, and caches the answer.</summary>
public sealed class FfmpegCapabilityProbe(IOptions<MediaToolOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FfmpegCapabilities? _cached;

    public async Task<FfmpegCapabilities> GetAsync(CancellationToken ct = default)
    {
        if (_cached is not null)
            return _cached;
        await _gate.WaitAsync(ct);
        try
        {
            return _cached ??= await ProbeAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<FfmpegCapabilities> ProbeAsync(CancellationToken ct)
    {
        string version = await RunAsync("-version", ct);
        string encoders = await RunAsync("-encoders", ct);
        string decoders = await RunAsync("-decoders", ct);
        string filters = await RunAsync("-filters", ct);
        string hwaccels = await RunAsync("-hwaccels", ct);
        return new FfmpegCapabilities(
            FfmpegCapabilities.ParseVersion(version),
            FfmpegCapabilities.ParseCodecs(encoders),
            FfmpegCapabilities.ParseCodecs(decoders),
            FfmpegCapabilities.ParseFilters(filters),
            FfmpegCapabilities.ParseHardwareAccelerations(hwaccels));
    }

    private async Task<string> RunAsync(string listing, CancellationToken ct)
    {
        var result = await Cli.Wrap(options.Value.FfmpegPath)
            .WithArguments(["-hide_banner", listing])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        return result.StandardOutput;
    }
}
