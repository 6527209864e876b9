namespace MediaFarm.Core.Ladder;

/// <summary>One rung of the adaptive-bitrate ladder, as it will be encoded.</summary>
public sealed record Rendition(
    string Name,
    int Width,
    int Height,
    int VideoBitrateKbps,
    int MaxBitrateKbps,
    int BufferSizeKbits);

/// <summary>The full encoding plan for one asset: the rungs plus the shared frame rate, GOP and audio.</summary>
public sealed record EncodingLadder(
    IReadOnlyList<Rendition> Renditions,
    double FrameRate,
    int GopFrames,
    int AudioBitrateKbps,
    bool HasAudio)
{
    public const double SegmentSeconds = 2.0;
}
