using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace MediaFarm.Testing;

/// <summary>Test clips made with ffmpeg's lavfi sources at test time (never committed), cached per run.</summary>
public static class TestMedia
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("mediafarm-media-").FullName;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// A clip with moving test pattern, noise and, optionally, a tone. Light noise gives realistic bits;
    /// heavy noise (25) makes big files fast (about 10 MB per second of 720p), for upload tests.
    /// </summary>
    public static async Task<string> ClipAsync(double seconds, int width, int height, bool audio = true, int fps = 30, int noise = 6)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"clip-{seconds}s-{width}x{height}-{fps}-n{noise}{(audio ? "" : "-silent")}.mp4");
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={fps},noise=alls={noise}:allf=t",
        };
        if (audio)
            args.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]);
        args.AddRange(["-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
        if (audio)
            args.AddRange(["-c:a", "aac", "-b:a", "96k"]);
        return await MakeAsync(name, args);
    }

    /// <summary>A tone and nothing else.</summary>
    public static Task<string> AudioOnlyAsync(double seconds) => MakeAsync($"tone-{seconds}s.m4a",
        ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:a", "aac", "-b:a", "96k"]);

    /// <summary>The first half of a valid MP4 (its index is at the end, so the cut loses it).</summary>
    public static async Task<string> TruncatedAsync()
    {
        string source = await ClipAsync(6, 320, 240);
        string path = Path.Combine(Folder, "truncated.mp4");
        var bytes = await File.ReadAllBytesAsync(source);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    public static async Task<string> TextNamedMp4Async()
    {
        string path = Path.Combine(Folder, "notes.mp4");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("This is a text file, not a video.\n", 200)));
        return path;
    }

    public static async Task<string> RandomBytesAsync(long size)
    {
        string path = Path.Combine(Folder, $"random-{size}.bin");
        if (!File.Exists(path))
        {
            var data = new byte[size];
            new Random(42).NextBytes(data);
            await File.WriteAllBytesAsync(path, data);
        }
        return path;
    }

    private static async Task<string> MakeAsync(string name, List<string> args)
    {
        string path = Path.Combine(Folder, name);
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                args.Add(path);
                var result = await Cli.Wrap("ffmpeg").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
                if (result.ExitCode != 0)
                    throw new InvalidOperationException($"ffmpeg could not make test media {name}: {result.StandardError}");
            }
            return path;
        }
        finally
        {
            Gate.Release();
        }
    }
}
