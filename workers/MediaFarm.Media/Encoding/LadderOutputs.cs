using MediaFarm.Core.Ladder;

namespace MediaFarm.Media.Encoding;

/// <summary>File names the transcode stage writes and the package and thumbnail stages read.</summary>
public static class LadderOutputs
{
    public const string Audio = "audio.mp4";

    public static string Video(Rendition rendition) => $"video_{rendition.Name}.mp4";

    public static IEnumerable<string> All(EncodingLadder ladder) =>
        ladder.Renditions.Select(Video).Concat(ladder.HasAudio ? [Audio] : []);
}
