using MediaFarm.Core.Media;

namespace MediaFarm.Media.Probing;

/// <summary>Decides whether probed media can go through the pipeline, and says why not in words a user understands.</summary>
public static class MediaInfoValidation
{
    public const int MinDimension = 16;
    public const int MaxDimension = 8192;
    /// <summary>Ten hours: anything longer is far more likely a broken header than a real upload.</summary>
    public const double MaxDurationSeconds = 10 * 3600;

    public static void Validate(MediaInfo info)
    {
        if (double.IsNaN(info.DurationSeconds) || info.DurationSeconds <= 0.0)
            throw new MediaRejectedException("The video has zero duration.");
        if (info.DurationSeconds > MaxDurationSeconds)
            throw new MediaRejectedException($"The video claims to last {info.DurationSeconds / 3600:F1} hours; at most {MaxDurationSeconds / 3600:F0} hours are accepted.");
        if (info.Width < MinDimension || info.Height < MinDimension || info.Width > MaxDimension || info.Height > MaxDimension)
            throw new MediaRejectedException($"The video is {info.Width}x{info.Height}; each side must be between {MinDimension} and {MaxDimension} pixels.");
    }

    /// <summary>Turns ffprobe's complaint about a file it could not open into a reason for the user.</summary>
    public static string ExplainProbeFailure(string toolOutput)
    {
        if (toolOutput.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase))
            return "The file is truncated or damaged: its MP4 index (moov atom) is missing.";
        if (toolOutput.Contains("Invalid data found when processing input", StringComparison.OrdinalIgnoreCase))
            return "The file is not a media file ffmpeg can read.";
        if (toolOutput.Contains("End of file", StringComparison.OrdinalIgnoreCase))
            return "The file is truncated or empty.";
        string firstLine = toolOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Length > 0) ?? "no details";
        return $"The file could not be read as media ({firstLine}).";
    }
}
