using System.Globalization;

namespace MediaFarm.Media.Encoding;

public static class FrameRates
{
    /// <summary>
    /// ffmpeg text for a frame rate. NTSC rates become exact rationals (29.97 → 30000/1001) so a long
    /// video does not drift a frame away from its source.
    /// </summary>
    public static string ToFfmpeg(double frameRate)
    {
        foreach (int whole in new[] { 24, 30, 48, 60 })
        {
            if (Math.Abs(frameRate - whole * 1000.0 / 1001.0) < 0.005)
                return $"{whole * 1000}/1001";
        }
        return Math.Round(frameRate, 3).ToString(CultureInfo.InvariantCulture);
    }
}
