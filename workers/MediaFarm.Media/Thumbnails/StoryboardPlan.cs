using System.Globalization;
using System.Text;
using MediaFarm.Core.Ladder;

namespace MediaFarm.Media.Thumbnails;

/// <summary>
/// A storyboard: one sprite JPEG of small frames taken every <see cref="IntervalSeconds"/>, and a WebVTT
/// file whose cues point into it with media fragments ("storyboard.jpg#xywh=x,y,w,h"), as players use
/// for seek previews. Pure: the plan, the ffmpeg filter and the VTT text.
/// </summary>
public sealed record StoryboardPlan(double DurationSeconds, double IntervalSeconds, int TileWidth, int TileHeight, int Columns, int Rows, int Count)
{
    public const int MaxTiles = 100;
    public const int DefaultTileWidth = 160;

    public static StoryboardPlan For(double durationSeconds, int videoWidth, int videoHeight, int tileWidth = DefaultTileWidth)
    {
        if (durationSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), "A storyboard needs a positive duration.");
        // A whole number of GOPs, so decoding keyframes only (every 2 s) yields every tile.
        double gop = EncodingLadder.SegmentSeconds;
        double interval = gop * Math.Max(1, Math.Ceiling(durationSeconds / (gop * MaxTiles)));
        int count = Math.Max(1, (int)Math.Ceiling(durationSeconds / interval - 1e-9));
        int tileHeight = Math.Max(2, (int)Math.Round(tileWidth * (double)videoHeight / videoWidth / 2) * 2);
        int columns = Math.Min(10, count);
        int rows = (count + columns - 1) / columns;
        return new StoryboardPlan(durationSeconds, interval, tileWidth, tileHeight, columns, rows, count);
    }

    /// <summary>One frame per interval (the first frame at or after each tick), scaled and laid out in the grid.</summary>
    public string FilterGraph() => string.Create(CultureInfo.InvariantCulture,
        $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{IntervalSeconds - 0.001})',scale={TileWidth}:{TileHeight},setsar=1,tile={Columns}x{Rows}");

    public string WebVtt(string imageUrl)
    {
        var vtt = new StringBuilder("WEBVTT\n\n");
        for (int i = 0; i < Count; i++)
        {
            double start = i * IntervalSeconds;
            double end = Math.Min(DurationSeconds, start + IntervalSeconds);
            int x = i % Columns * TileWidth, y = i / Columns * TileHeight;
            vtt.Append(CultureInfo.InvariantCulture, $"{Timestamp(start)} --> {Timestamp(end)}\n{imageUrl}#xywh={x},{y},{TileWidth},{TileHeight}\n\n");
        }
        return vtt.ToString();
    }

    private static string Timestamp(double seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
