using System.Globalization;
using MediaFarm.Core.Ladder;
using MediaFarm.Media.Tools;

namespace MediaFarm.Media.Encoding;

/// <summary>
/// Builds the one ffmpeg invocation that decodes the source once and encodes every rung:
/// fps → split → scale/setsar per rung → libx264 or h264_nvenc (<see cref="VideoEncoderArguments"/>) with closed,
/// aligned 2-second GOPs, plus one AAC rendition, each written as CMAF fragmented MP4. Pure: no I/O, unit-tested.
/// </summary>
public static class LadderArguments
{
    public const string CmafMovFlags = "+cmaf+frag_keyframe+empty_moov+default_base_moof";

    public static IReadOnlyList<string> Build(string input, string outputDirectory, EncodingLadder ladder, VideoEncoder encoder, MediaToolOptions options)
    {
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1",
            "-i", input,
            "-filter_complex", FilterGraph(ladder),
        };

        for (int i = 0; i < ladder.Renditions.Count; i++)
        {
            var r = ladder.Renditions[i];
            args.AddRange(["-map", $"[v{i}]", "-an", "-sn", "-dn"]);
            args.AddRange(VideoEncoderArguments.For(encoder, r, ladder.GopFrames, options));
            args.AddRange(["-movflags", CmafMovFlags, "-f", "mp4", Path.Combine(outputDirectory, LadderOutputs.Video(r))]);
        }

        if (ladder.HasAudio)
        {
            args.AddRange([
                "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-c:a", "aac", "-b:a", Kbps(ladder.AudioBitrateKbps), "-ac", "2", "-ar", "48000",
                "-movflags", CmafMovFlags, "-f", "mp4", Path.Combine(outputDirectory, LadderOutputs.Audio),
            ]);
        }
        return args;
    }

    /// <summary>"[0:v:0]fps=30,split=3[s0][s1][s2];[s0]scale=1280:720,setsar=1[v0];…"</summary>
    public static string FilterGraph(EncodingLadder ladder)
    {
        int n = ladder.Renditions.Count;
        var graph = new List<string>();
        string split = n == 1 ? "null[s0]" : $"split={n}" + string.Concat(Enumerable.Range(0, n).Select(i => $"[s{i}]"));
        // Software filters for every encoder: NVENC uploads the scaled frames itself, and a CPU graph works on any
        // node and in the libx264 fallback (scale_cuda would need hwaccel decoding and a different graph per encoder).
        // fps first: a constant frame rate makes every GOP exactly 2 s, even for variable-rate sources.
        graph.Add($"[0:v:0]fps={FrameRates.ToFfmpeg(ladder.FrameRate)},{split}");
        for (int i = 0; i < n; i++)
        {
            var r = ladder.Renditions[i];
            graph.Add($"[s{i}]scale={r.Width}:{r.Height}:flags=bicubic,setsar=1[v{i}]");
        }
        return string.Join(';', graph);
    }

    private static string Kbps(int kbps) => kbps.ToString(CultureInfo.InvariantCulture) + "k";
}
