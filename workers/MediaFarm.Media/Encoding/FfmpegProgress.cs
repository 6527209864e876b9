using System.Globalization;

namespace MediaFarm.Media.Encoding;

/// <summary>Reads ffmpeg's "-progress" key=value stream and turns it into percent of the source duration.</summary>
public sealed class FfmpegProgress(double totalSeconds)
{
    public double Percent { get; private set; }
    public double EncodedSeconds { get; private set; }
    public double? Speed { get; private set; }
    public bool Ended { get; private set; }

    /// <summary>Feeds one line; true when it moved the percentage.</summary>
    public bool Accept(string line)
    {
        int eq = line.IndexOf('=');
        if (eq <= 0)
            return false;
        var key = line.AsSpan(0, eq).Trim();
        var value = line.AsSpan(eq + 1).Trim();

        if (key.SequenceEqual("out_time_us") || key.SequenceEqual("out_time_ms"))
        {
            // Both keys carry microseconds (out_time_ms is misnamed in ffmpeg); "N/A" before the first frame.
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long micros) || micros < 0)
                return false;
            EncodedSeconds = micros / 1_000_000.0;
            double percent = totalSeconds > 0 ? Math.Min(99.9, EncodedSeconds * 100.0 / totalSeconds) : 0;
            bool moved = percent > Percent;
            Percent = Math.Max(Percent, percent);
            return moved;
        }
        if (key.SequenceEqual("speed") && value.EndsWith("x") &&
            double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double speed))
        {
            Speed = speed;
            return false;
        }
        if (key.SequenceEqual("progress") && value.SequenceEqual("end"))
        {
            Ended = true;
            Percent = 100;
            return true;
        }
        return false;
    }
}
