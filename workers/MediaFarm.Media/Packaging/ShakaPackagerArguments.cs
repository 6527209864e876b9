using System.Globalization;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Encoding;

namespace MediaFarm.Media.Packaging;

/// <summary>
/// Shaka Packager arguments that turn the CMAF renditions into HLS (master + media playlists) and a
/// static DASH MPD sharing the same segments, optionally ClearKey (CENC) encrypted. Output paths are
/// relative: the packager runs inside the output folder so manifests hold relative URLs.
/// </summary>
public static class ShakaPackagerArguments
{
    public static IReadOnlyList<string> Build(string renditionDirectory, EncodingLadder ladder, ContentKey? key)
    {
        var args = new List<string>();
        foreach (var r in ladder.Renditions)
        {
            string dir = PackagePaths.RenditionFolder(r.Name);
            args.Add(string.Join(',',
                $"in={Path.Combine(renditionDirectory, LadderOutputs.Video(r))}",
                "stream=video",
                $"init_segment={dir}/init.mp4",
                $"segment_template={dir}/$Number$.m4s",
                $"playlist_name={dir}/playlist.m3u8"));
        }
        if (ladder.HasAudio)
        {
            args.Add(string.Join(',',
                $"in={Path.Combine(renditionDirectory, LadderOutputs.Audio)}",
                "stream=audio",
                $"init_segment={PackagePaths.AudioFolder}/init.mp4",
                $"segment_template={PackagePaths.AudioFolder}/$Number$.m4s",
                $"playlist_name={PackagePaths.AudioFolder}/playlist.m3u8",
                "hls_group_id=audio",
                "hls_name=main"));
        }

        args.AddRange([
            "--segment_duration", PackageLayout.SegmentSeconds.ToString(CultureInfo.InvariantCulture),
            // With segment templates the MPD is "dynamic" (live) unless asked for a static one.
            "--generate_static_live_mpd",
            "--mpd_output", PackageLayout.DashManifest,
            "--hls_master_playlist_output", PackageLayout.HlsMaster,
            "--hls_playlist_type", "VOD",
        ]);

        if (key is not null)
        {
            args.AddRange([
                "--enable_raw_key_encryption",
                "--keys", $"label=:key_id={key.KeyIdHex}:key={key.KeyHex}",
                "--protection_scheme", "cenc",
                "--protection_systems", "CommonSystem",
                "--clear_lead", "0",
            ]);
        }
        return args;
    }
}
