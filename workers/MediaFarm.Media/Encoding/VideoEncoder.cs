namespace MediaFarm.Media.Encoding;

/// <summary>The H.264 encoders the ladder can use: x264 on the CPU, or NVENC on an NVIDIA GPU.</summary>
public enum VideoEncoder
{
    Libx264,
    H264Nvenc,
}

public static class VideoEncoders
{
    /// <summary>The name ffmpeg knows the encoder by ("-c:v" value, "ffmpeg -encoders" listing).</summary>
    public static string FfmpegName(this VideoEncoder e) => e switch
    {
        VideoEncoder.Libx264 => "libx264",
        VideoEncoder.H264Nvenc => "h264_nvenc",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown video encoder."),
    };

    /// <summary>Parses an ffmpeg encoder name ("libx264", "h264_nvenc"), ignoring case; enum member names are not accepted.</summary>
    public static bool TryParse(string name, out VideoEncoder e)
    {
        foreach (var candidate in Enum.GetValues<VideoEncoder>())
        {
            if (string.Equals(candidate.FfmpegName(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                e = candidate;
                return true;
            }
        }
        e = default;
        return false;
    }
}
