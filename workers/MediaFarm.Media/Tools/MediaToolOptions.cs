namespace MediaFarm.Media.Tools;

/// <summary>Where the media tools are and how hard they work. Bound from the "Media" configuration section.</summary>
public sealed class MediaToolOptions
{
    public const string Section = "Media";

    public string FfmpegPath { get; set; } = "ffmpeg";
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Shaka Packager binary; when empty it is looked up on PATH ("packager") and in node_modules.</summary>
    public string? PackagerPath { get; set; }

    /// <summary>x264 preset for every rung (speed/quality trade-off).</summary>
    public string X264Preset { get; set; } = "veryfast";

    /// <summary>NVENC preset for every rung when the GPU encoder is used: p1 (fastest) to p7 (best); p4 is NVENC's own default.</summary>
    public string NvencPreset { get; set; } = "p4";

    /// <summary>Which GPU NVENC encodes on (h264_nvenc's -gpu: 0 is the first); -1, the default, lets the driver pick any.</summary>
    public int NvencGpu { get; set; } = -1;

    /// <summary>Local scratch space for one stage's files; emptied after the stage.</summary>
    public string ScratchDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "mediafarm-scratch");
}
