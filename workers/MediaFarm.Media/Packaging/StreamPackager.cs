using CliWrap;
using CliWrap.Buffered;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Packaging;

/// <summary>
/// Packages renditions into HLS + DASH with Shaka Packager (through CliWrap); falls back to ffmpeg's
/// DASH muxer only when the packager binary is absent, and says so.
/// </summary>
public sealed class StreamPackager(IOptions<MediaToolOptions> options, FfmpegRunner ffmpeg)
{
    public const string Shaka = "shaka-packager";
    public const string FfmpegFallback = "ffmpeg-dash";

    private readonly Lazy<string?> _packagerPath = new(() =>
        ShakaPackagerLocator.Find(options.Value.PackagerPath, [AppContext.BaseDirectory, Directory.GetCurrentDirectory()]));

    public string? PackagerPath => _packagerPath.Value;

    public async Task<PackagingResult> PackageAsync(string renditionDirectory, EncodingLadder ladder, ContentKey? key,
        string outputDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        if (PackagerPath is { } packager)
        {
            var command = ChildProcesses.Wrap(packager, ShakaPackagerArguments.Build(Path.GetFullPath(renditionDirectory), ladder, key))
                .WithWorkingDirectory(outputDirectory)
                .WithValidation(CommandResultValidation.None);
            var result = await ChildProcesses.RunAsync(() => command.ExecuteBufferedAsync(ct));
            if (result.ExitCode != 0)
                throw new MediaToolFailedException("Shaka Packager", result.ExitCode, $"{result.StandardError}\n{result.StandardOutput}".Trim());
            return new PackagingResult(Shaka, null);
        }

        if (key is not null)
            throw new MediaRejectedException("Encryption was requested, but this worker has no Shaka Packager to encrypt with.");
        await ffmpeg.RunAsync(FfmpegDashArguments.Build(renditionDirectory, ladder, outputDirectory), 0, null, ct);
        return new PackagingResult(FfmpegFallback,
            "Shaka Packager binary not found; packaged with ffmpeg's DASH muxer (HLS playlists over the same segments).");
    }
}
