using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Encoding;
using MediaFarm.Media.Probing;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Tests;

/// <summary>
/// Real ffmpeg, real encodes. No machine running the tests has an NVIDIA GPU, so h264_nvenc really fails here
/// and the fallback to libx264 is exercised as in production (on a GPU node these tests would see no fallback).
/// </summary>
public sealed class LadderTranscoderFallbackTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mediafarm-fallback-").FullName;
    private readonly FfmpegRunner _ffmpeg;
    private readonly MediaProber _prober;
    private readonly LadderTranscoder _transcoder;
    private string _clip = "";
    private MediaInfo _source = null!;

    public LadderTranscoderFallbackTests()
    {
        var options = Options.Create(new MediaToolOptions { X264Preset = "ultrafast", ScratchDirectory = _folder });
        _ffmpeg = new FfmpegRunner(options);
        _prober = new MediaProber(options);
        _transcoder = new LadderTranscoder(_ffmpeg, _prober, options);
    }

    public async Task InitializeAsync()
    {
        // 2 s of 640x360 with a tone, made like MediaFarm.Testing's TestMedia clips (this project does not reference it).
        _clip = Path.Combine(_folder, "clip.mp4");
        await _ffmpeg.RunAsync(
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
             "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", _clip],
            2, null, CancellationToken.None);
        _source = await _prober.ProbeAsync(_clip, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_failing_nvenc_encode_is_redone_with_libx264()
    {
        var ladder = new LadderPolicy().Choose(_source);
        string output = Path.Combine(_folder, "nvenc");
        var progress = new List<double>();

        var result = await _transcoder.TranscodeAsync(_clip, _source, ladder, output, VideoEncoder.H264Nvenc,
            p => { progress.Add(p); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(VideoEncoder.Libx264, result.Encoder);
        Assert.NotNull(result.FallbackReason);
        Assert.Contains("h264_nvenc failed at run time (", result.FallbackReason);
        Assert.EndsWith("encoded with libx264", result.FallbackReason);
        Assert.Equal(0, progress[0]); // restarted from 0 for the x264 attempt
        Assert.True(progress[^1] > 50, $"progress ended at {progress[^1]}");
        await AssertEncodedAsync(ladder, output);
    }

    [Fact]
    public async Task Asking_for_libx264_gives_no_fallback()
    {
        var ladder = new LadderPolicy().Choose(_source);
        string output = Path.Combine(_folder, "x264");

        var result = await _transcoder.TranscodeAsync(_clip, _source, ladder, output, VideoEncoder.Libx264,
            _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(new TranscodeResult(VideoEncoder.Libx264, null), result);
        await AssertEncodedAsync(ladder, output);
    }

    [Fact]
    public async Task A_damaged_source_is_still_rejected_after_the_fallback()
    {
        // The first half of the MP4: its index (moov) is at the end, so neither encoder gets a frame.
        string damaged = Path.Combine(_folder, "damaged.mp4");
        var bytes = await File.ReadAllBytesAsync(_clip);
        await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length / 2)]);

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _transcoder.TranscodeAsync(damaged, _source,
            new LadderPolicy().Choose(_source), Path.Combine(_folder, "damaged"), VideoEncoder.H264Nvenc,
            _ => Task.CompletedTask, CancellationToken.None));
        Assert.Contains("damaged", e.Message);
    }

    private async Task AssertEncodedAsync(EncodingLadder ladder, string output)
    {
        Assert.Equal(2, ladder.Renditions.Count); // 360p and 240p from a 360p source
        foreach (var name in LadderOutputs.All(ladder))
            Assert.True(File.Exists(Path.Combine(output, name)), $"{name} missing");
        foreach (var rung in ladder.Renditions)
        {
            var encoded = await _prober.ProbeAsync(Path.Combine(output, LadderOutputs.Video(rung)), CancellationToken.None);
            Assert.Equal("h264", encoded.VideoCodec);
            Assert.Equal((rung.Width, rung.Height), (encoded.Width, encoded.Height));
        }
    }
}
