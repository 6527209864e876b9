using System.Text.Json.Serialization;

namespace MediaFarm.Core.Media;

/// <summary>What probing found out about a source file.</summary>
public sealed record MediaInfo(
    double DurationSeconds,
    int Width,
    int Height,
    double FrameRate,
    string VideoCodec,
    string? AudioCodec,
    string Container,
    long? BitRate,
    int Rotation = 0,
    double SampleAspectRatio = 1.0)
{
    public bool HasAudio => AudioCodec is not null;

    /// <summary>Width and height as the viewer sees them (rotation and non-square pixels applied).</summary>
    [JsonIgnore]
    public (double Width, double Height) DisplaySize
    {
        get
        {
            double w = Width * (SampleAspectRatio > 0 ? SampleAspectRatio : 1.0), h = Height;
            return Math.Abs(Rotation % 180) == 90 ? (h, w) : (w, h);
        }
    }
}

/// <summary>A source that cannot be processed: bad input, never retried.</summary>
public sealed class MediaRejectedException(string reason) : Exception(reason);
