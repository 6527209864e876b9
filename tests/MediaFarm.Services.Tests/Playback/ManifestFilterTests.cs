using System.Xml.Linq;
using MediaFarm.Services.Playback;

namespace MediaFarm.Services.Tests.Playback;

public class ManifestFilterTests
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";
    private static readonly XNamespace Cenc = "urn:mpeg:cenc:2013";

    [Fact]
    public void A_480p_master_playlist_loses_the_720p_and_1080p_variants_and_nothing_else()
    {
        string master = PackagedSamples.ShakaMaster;
        var filtered = ManifestFilter.FilterHlsMaster(master, 480);

        var lines = master.Split('\n').ToList();
        foreach (var uri in new[] { "video/1080p/playlist.m3u8", "video/720p/playlist.m3u8" })
        {
            int at = lines.IndexOf(uri);
            Assert.StartsWith("#EXT-X-STREAM-INF:", lines[at - 1]);
            lines.RemoveRange(at - 1, 2);
        }
        Assert.Equal(string.Join('\n', lines), filtered.Text);
        Assert.Equal((3, 2), (filtered.VideoKept, filtered.VideoDropped));
        Assert.Contains("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"audio/playlist.m3u8\"", filtered.Text);
    }

    [Theory]
    [InlineData(1080, 5)]
    [InlineData(720, 4)]
    [InlineData(360, 2)]
    [InlineData(240, 1)]
    [InlineData(200, 0)]
    public void The_master_playlist_keeps_the_rungs_up_to_the_max(int max, int kept)
    {
        var filtered = ManifestFilter.FilterHlsMaster(PackagedSamples.ShakaMaster, max);
        Assert.Equal((kept, 5 - kept), (filtered.VideoKept, filtered.VideoDropped));
        Assert.Equal(kept, filtered.Text.Split('\n').Count(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)));
        Assert.All(VariantUris(filtered.Text), uri => Assert.Equal(RungAccess.Allowed, RungScope.Check(uri, max)));
        if (kept == 5)
            Assert.Equal(PackagedSamples.ShakaMaster, filtered.Text);
    }

    [Fact]
    public void A_portrait_rung_is_filtered_by_its_name_not_its_taller_resolution()
    {
        var filtered = ManifestFilter.FilterHlsMaster(PackagedSamples.PortraitMaster, 480);
        Assert.Contains("RESOLUTION=480x854", filtered.Text);
        Assert.Contains("video/480p/playlist.m3u8", filtered.Text);
        Assert.DoesNotContain("RESOLUTION=720x1280", filtered.Text);
        Assert.DoesNotContain("video/720p/", filtered.Text);
        Assert.Equal((3, 1), (filtered.VideoKept, filtered.VideoDropped));
    }

    [Fact]
    public void I_frame_playlists_are_filtered_by_their_uri_attribute()
    {
        string master = PackagedSamples.ShakaMaster +
            "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=500000,CODECS=\"avc1.640028\",RESOLUTION=1920x1080,URI=\"video/1080p/iframes.m3u8\"\n" +
            "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,CODECS=\"avc1.640015\",RESOLUTION=426x240,URI=\"video/240p/iframes.m3u8\"\n";
        var filtered = ManifestFilter.FilterHlsMaster(master, 480);
        Assert.DoesNotContain("video/1080p/iframes.m3u8", filtered.Text);
        Assert.Contains("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,CODECS=\"avc1.640015\",RESOLUTION=426x240,URI=\"video/240p/iframes.m3u8\"\n", filtered.Text);
        Assert.Equal((4, 3), (filtered.VideoKept, filtered.VideoDropped));
    }

    [Fact]
    public void Crlf_line_endings_are_kept()
    {
        string master = PackagedSamples.ShakaMaster.Replace("\n", "\r\n", StringComparison.Ordinal);
        var filtered = ManifestFilter.FilterHlsMaster(master, 480);
        Assert.Equal(3, filtered.VideoKept);
        Assert.DoesNotContain("\n", filtered.Text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Contains("video/480p/playlist.m3u8\r\n", filtered.Text);
    }

    [Fact]
    public void The_ffmpeg_fallback_layout_cannot_be_capped_so_a_capped_master_lists_nothing()
    {
        var capped = ManifestFilter.FilterHlsMaster(PackagedSamples.FfmpegMaster, 1080);
        Assert.Equal((0, 4), (capped.VideoKept, capped.VideoDropped));
        var all = ManifestFilter.FilterHlsMaster(PackagedSamples.FfmpegMaster, PlaybackGrant.AllRungs);
        Assert.Equal(PackagedSamples.FfmpegMaster, all.Text);
        Assert.Equal(4, all.VideoKept);
    }

    [Fact]
    public void A_480p_mpd_keeps_the_low_video_representations_audio_and_clearkey_signalling()
    {
        var filtered = ManifestFilter.FilterDash(PackagedSamples.ShakaClearKeyMpd, 480);
        Assert.Equal((3, 2), (filtered.VideoKept, filtered.VideoDropped));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--Generated with", filtered.Text);

        var doc = XDocument.Parse(filtered.Text);
        var video = doc.Descendants(Mpd + "AdaptationSet").Single(s => (string?)s.Attribute("contentType") == "video");
        Assert.Equal(["480", "360", "240"], video.Elements(Mpd + "Representation").Select(r => (string)r.Attribute("height")!));
        Assert.Equal(("854", "480"), ((string)video.Attribute("maxWidth")!, (string)video.Attribute("maxHeight")!));
        Assert.Equal(["video/480p/init.mp4", "video/360p/init.mp4", "video/240p/init.mp4"],
            video.Descendants(Mpd + "SegmentTemplate").Select(t => (string)t.Attribute("initialization")!));
        Assert.Single(doc.Descendants(Mpd + "AdaptationSet").Where(s => (string?)s.Attribute("contentType") == "audio").Elements(Mpd + "Representation"));

        // The cenc namespace and its prefix survive, and so does the key id the player needs.
        Assert.Contains("xmlns:cenc=\"urn:mpeg:cenc:2013\"", filtered.Text);
        Assert.Contains("<cenc:pssh>", filtered.Text);
        Assert.Equal("52c4fb34-bd8c-0b2a-3906-435b1e1d5922",
            (string?)video.Elements(Mpd + "ContentProtection").First().Attribute(Cenc + "default_KID"));
        Assert.DoesNotContain("\n\n", filtered.Text);
    }

    [Fact]
    public void An_mpd_with_every_rung_allowed_is_unchanged()
    {
        var filtered = ManifestFilter.FilterDash(PackagedSamples.ShakaClearKeyMpd, 1080);
        Assert.Equal((5, 0), (filtered.VideoKept, filtered.VideoDropped));
        Assert.True(XNode.DeepEquals(XDocument.Parse(PackagedSamples.ShakaClearKeyMpd, LoadOptions.PreserveWhitespace),
            XDocument.Parse(filtered.Text, LoadOptions.PreserveWhitespace)));
    }

    [Fact]
    public void A_video_adaptation_set_left_empty_is_removed()
    {
        var filtered = ManifestFilter.FilterDash(PackagedSamples.ShakaClearKeyMpd, 200);
        Assert.Equal((0, 5), (filtered.VideoKept, filtered.VideoDropped));
        var sets = XDocument.Parse(filtered.Text).Descendants(Mpd + "AdaptationSet").ToList();
        Assert.Equal("audio", (string?)Assert.Single(sets).Attribute("contentType"));
    }

    [Fact]
    public void A_portrait_mpd_is_filtered_by_rung_name()
    {
        var filtered = ManifestFilter.FilterDash(PackagedSamples.PortraitMpd, 480);
        var heights = XDocument.Parse(filtered.Text).Descendants(Mpd + "Representation").Select(r => (string)r.Attribute("height")!);
        Assert.Equal(["854", "640", "426"], heights);
    }

    [Theory]
    [InlineData(240)]
    [InlineData(360)]
    [InlineData(480)]
    [InlineData(720)]
    [InlineData(1080)]
    public void Every_file_a_filtered_mpd_points_at_is_one_the_origin_serves_the_token(int max)
    {
        var doc = XDocument.Parse(ManifestFilter.FilterDash(PackagedSamples.ShakaClearKeyMpd, max).Text);
        var paths = doc.Descendants(Mpd + "SegmentTemplate")
            .SelectMany(t => new[] { (string)t.Attribute("initialization")!, ((string)t.Attribute("media")!).Replace("$Number$", "1", StringComparison.Ordinal) })
            .ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.Equal(RungAccess.Allowed, RungScope.Check(p, max)));
    }

    [Fact]
    public void Ffmpeg_fallback_mpds_expand_representation_templates_and_need_an_all_rung_token()
    {
        var capped = ManifestFilter.FilterDash(PackagedSamples.FfmpegMpd, 1080);
        Assert.Equal((0, 4), (capped.VideoKept, capped.VideoDropped));
        Assert.Single(XDocument.Parse(capped.Text).Descendants(Mpd + "AdaptationSet")); // audio only
        var all = ManifestFilter.FilterDash(PackagedSamples.FfmpegMpd, PlaybackGrant.AllRungs);
        Assert.Equal((4, 0), (all.VideoKept, all.VideoDropped));
    }

    private static IEnumerable<string> VariantUris(string master)
    {
        var lines = master.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
                yield return lines[i + 1];
        }
    }
}
