using MediaFarm.Core.Media;

namespace MediaFarm.Core.Ladder;

/// <summary>A standard rung: its size on the short side of the picture and its bitrate at 16:9, ≤ 30 fps.</summary>
public sealed record RungTemplate(int ShortSide, int BitrateKbps);

/// <summary>
/// Chooses the ABR ladder for a source: standard rungs from 1080p down to 240p, never larger than the
/// source, aspect ratio kept with even dimensions and square pixels, frame rate kept (capped at 60).
/// Portrait sources are laddered on their short side, so a 1080×1920 phone clip gets a "1080p" rung.
/// </summary>
public sealed class LadderPolicy
{
    public static IReadOnlyList<RungTemplate> DefaultRungs { get; } =
    [
        new(1080, 5000),
        new(720, 3000),
        new(480, 1400),
        new(360, 700),
        new(240, 400),
    ];

    public const double MaxFrameRate = 60;
    public const int AudioBitrateKbps = 128;

    /// <summary>A source this close below a standard rung still gets that rung, at the source's own size.</summary>
    private const double NearRungTolerance = 0.9;

    private readonly IReadOnlyList<RungTemplate> _rungs;

    public LadderPolicy(IReadOnlyList<RungTemplate>? rungs = null)
    {
        _rungs = (rungs ?? DefaultRungs).OrderByDescending(r => r.ShortSide).ToArray();
        if (_rungs.Count == 0)
            throw new ArgumentException("A ladder needs at least one rung.", nameof(rungs));
    }

    public EncodingLadder Choose(MediaInfo source)
    {
        var (displayWidth, displayHeight) = source.DisplaySize;
        if (displayWidth < 2 || displayHeight < 2)
            throw new MediaRejectedException($"The video is {source.Width}x{source.Height}, too small to encode.");

        bool portrait = displayHeight > displayWidth;
        double aspect = displayWidth / displayHeight;
        double sourceShort = Math.Min(displayWidth, displayHeight);
        double frameRate = CapFrameRate(source.FrameRate);
        double rateFactor = frameRate > 30.5 ? 1.5 : 1.0;

        var renditions = new List<Rendition>();
        foreach (var rung in _rungs)
        {
            if (rung.ShortSide > sourceShort && rung.ShortSide * NearRungTolerance > sourceShort)
                continue;
            int shortSide = Even(Math.Min(rung.ShortSide, sourceShort));
            if (renditions.Any(r => Math.Min(r.Width, r.Height) == shortSide))
                continue;
            renditions.Add(Build(PackagePaths.RungName(rung.ShortSide), shortSide, rung, portrait, aspect, rateFactor));
        }

        if (renditions.Count == 0)
        {
            // Smaller than the lowest rung: one rendition at the source's own size.
            var lowest = _rungs[^1];
            int shortSide = Even(sourceShort);
            renditions.Add(Build(PackagePaths.RungName(shortSide), shortSide, lowest, portrait, aspect, rateFactor));
        }

        int gop = Math.Max(1, (int)Math.Round(frameRate * EncodingLadder.SegmentSeconds));
        return new EncodingLadder(renditions, frameRate, gop, AudioBitrateKbps, source.HasAudio);
    }

    /// <summary>Frame rate kept, but above 60 fps divided by a whole number so the cadence stays even (120 → 60, 100 → 50).</summary>
    public static double CapFrameRate(double frameRate)
    {
        if (double.IsNaN(frameRate) || frameRate <= 0)
            return 30;
        if (frameRate <= MaxFrameRate + 0.01)
            return Math.Round(frameRate, 3);
        return Math.Round(frameRate / Math.Ceiling(frameRate / MaxFrameRate - 0.001), 3);
    }

    private static Rendition Build(string name, int shortSide, RungTemplate rung, bool portrait, double aspect, double rateFactor)
    {
        int longSide = Even(portrait ? shortSide / aspect : shortSide * aspect);
        int width = portrait ? shortSide : longSide;
        int height = portrait ? longSide : shortSide;

        // Bitrates are tuned for 16:9; scale them by the actual pixel count (4:3 needs less, 21:9 more).
        double referencePixels = rung.ShortSide * (rung.ShortSide * 16.0 / 9.0);
        double areaFactor = Math.Clamp(width * (double)height / referencePixels, 0.25, 1.5);
        int bitrate = RoundTo(rung.BitrateKbps * areaFactor * rateFactor, 50);
        return new Rendition(name, width, height, bitrate, RoundTo(bitrate * 1.07, 10), RoundTo(bitrate * 1.5, 10));
    }

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2.0, MidpointRounding.AwayFromZero) * 2);

    private static int RoundTo(double value, int step) => Math.Max(step, (int)Math.Round(value / step) * step);
}
