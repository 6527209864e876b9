using System.Globalization;
using MediaFarm.Core.Ladder;
using MediaFarm.Media.Tools;

namespace MediaFarm.Media.Encoding;

/// <summary>
/// The per-rung codec arguments for each encoder. Both give the same bitrates and the same fixed, closed
/// GOP of <c>gopFrames</c> with no extra keyframes, so every rung's segments start at the same frames
/// whichever encoder made them (the packager cuts 2-second segments at those keyframes). Pure.
/// </summary>
public static class VideoEncoderArguments
{
    public static IReadOnlyList<string> For(VideoEncoder encoder, Rendition rendition, int gopFrames, MediaToolOptions options)
    {
        string gop = gopFrames.ToString(CultureInfo.InvariantCulture);
        string[] rate = ["-b:v", Kbps(rendition.VideoBitrateKbps), "-maxrate", Kbps(rendition.MaxBitrateKbps), "-bufsize", Kbps(rendition.BufferSizeKbits)];
        return encoder switch
        {
            VideoEncoder.Libx264 =>
            [
                "-c:v", "libx264", "-preset", options.X264Preset, "-profile:v", "high", "-pix_fmt", "yuv420p",
                .. rate,
                // sc_threshold 0: no scene-cut keyframes, so keyframes fall only on GOP boundaries.
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-flags", "+cgop",
            ],
            VideoEncoder.H264Nvenc =>
            [
                // Takes the CPU filter graph's frames as they are (see LadderArguments.FilterGraph): NVENC uploads them.
                "-c:v", "h264_nvenc", "-preset", options.NvencPreset, "-tune", "hq", "-profile:v", "high", "-pix_fmt", "yuv420p",
                // NVENC's presets pick their own rate control; vbr with x264's caps keeps the ladder's bitrates.
                "-rc", "vbr", .. rate,
                // NVENC has no sc_threshold: no-scenecut stops extra I-frames, forced-idr makes keyframes IDR,
                // strict_gop keeps the GOP length fixed, and cgop closes each GOP so segments decode on their own.
                "-g", gop, "-keyint_min", gop, "-forced-idr", "1", "-no-scenecut", "1", "-strict_gop", "1", "-flags", "+cgop",
                "-bf", "2",
                .. NvencDevice(options),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(encoder), encoder, "Unknown video encoder."),
        };
    }

    /// <summary>"-gpu N" when a GPU is configured (Media:NvencGpu), nothing when any GPU will do.</summary>
    public static IReadOnlyList<string> NvencDevice(MediaToolOptions options) =>
        options.NvencGpu >= 0 ? ["-gpu", options.NvencGpu.ToString(CultureInfo.InvariantCulture)] : [];

    private static string Kbps(int kbps) => kbps.ToString(CultureInfo.InvariantCulture) + "k";
}
