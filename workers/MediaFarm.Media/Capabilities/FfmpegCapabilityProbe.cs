using CliWrap;
using CliWrap.Buffered;
using MediaFarm.Core.Threading;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Capabilities;

/// <summary>Asks the installed ffmpeg what it supports, once, and caches the answer.</summary>
public sealed class FfmpegCapabilityProbe
{
    private readonly IOptions<MediaToolOptions> _options;
    private readonly AsyncOnce<FfmpegCapabilities> _capabilities;

    public FfmpegCapabilityProbe(IOptions<MediaToolOptions> options)
    {
        _options = options;
        _capabilities = new AsyncOnce<FfmpegCapabilities>(ProbeAsync);
    }

    public Task<FfmpegCapabilities> GetAsync(CancellationToken ct = default) => _capabilities.GetAsync(ct);

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
        var result = await Cli.Wrap(_options.Value.FfmpegPath)
            .WithArguments(["-hide_banner", listing])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        return result.StandardOutput;
    }
}
