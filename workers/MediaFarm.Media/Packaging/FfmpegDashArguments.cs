using System.Globalization;
using MediaFarm.Core.Ladder;
using MediaFarm.Media.Encoding;

namespace MediaFarm.Media.Packaging;

/// <summary>
/// The fallback packager: ffmpeg's DASH muxer remuxes the renditions (no re-encode) and, with
/// hls_playlist, writes HLS playlists over the same segments. No encryption (ffmpeg's CENC does not play).
/// </summary>
public static class FfmpegDashArguments
{
    public static IReadOnlyList<string> Build(string renditionDirectory, EncodingLadder ladder, string outputDirectory)
    {
        var inputs = LadderOutputs.All(ladder).ToArray();
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-loglevel", "error" };
        foreach (var file in inputs)
            args.AddRange(["-i", Path.Combine(renditionDirectory, file)]);
        for (int i = 0; i < inputs.Length; i++)
            args.AddRange(["-map", i.ToString(CultureInfo.InvariantCulture)]);

        args.AddRange([
            "-c", "copy", "-f", "dash",
            "-seg_duration", PackageLayout.SegmentSeconds.ToString(CultureInfo.InvariantCulture),
            "-use_template", "1", "-use_timeline", "1",
            "-init_seg_name", "init-$RepresentationID$.m4s",
            "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
            "-adaptation_sets", ladder.HasAudio ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v",
            "-hls_playlist", "1", "-hls_master_name", PackageLayout.HlsMaster,
            Path.Combine(outputDirectory, PackageLayout.DashManifest),
        ]);
        return args;
    }
}
