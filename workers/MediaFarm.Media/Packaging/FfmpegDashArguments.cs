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
            "-adaptation_sets", AdaptationSets(ladder),
            "-hls_playlist", "1", "-hls_master_name", PackageLayout.HlsMaster,
            Path.Combine(outputDirectory, PackageLayout.DashManifest),
        ]);
        return args;
    }

    /// <summary>
    /// ffmpeg's DASH muxer refuses renditions of different aspect ratios in one adaptation set, and even
    /// dimensions make 426x240 differ slightly from 640x360: one set per exact aspect ratio, audio last.
    /// </summary>
    public static string AdaptationSets(EncodingLadder ladder)
    {
        var sets = ladder.Renditions
            .Select((r, index) => (index, aspect: Reduce(r.Width, r.Height)))
            .GroupBy(x => x.aspect)
            .Select(g => string.Join(',', g.Select(x => x.index)))
            .Select((streams, id) => $"id={id},streams={streams}")
            .ToList();
        if (ladder.HasAudio)
            sets.Add($"id={sets.Count},streams={ladder.Renditions.Count}");
        return string.Join(' ', sets);
    }

    private static (int, int) Reduce(int width, int height)
    {
        int a = width, b = height;
        while (b != 0)
            (a, b) = (b, a % b);
        return (width / a, height / a);
    }
}
