using MediaFarm.Core.ViewerData;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// Turns a (user, title) history row and rating into the model's signal. An explicit rating wins: 3–5
/// stars a liking (0.6–1.0), 1–2 a dislike. Otherwise the share watched: completed (≥ 90 %, the viewer
/// data rule) is 1, less than <see cref="MinShare"/> is a sample that says nothing, in between 0.4–1.0.
/// </summary>
public static class WatchSignals
{
    /// <summary>Below this share of the duration a watch is not a liking (trailers, a wrong click).</summary>
    public const double MinShare = 0.2;

    /// <summary>The lowest rating that counts as liking a title.</summary>
    public const int LikedStars = 3;

    public static double Strength(double watchedSeconds, double maxPosition, double durationSeconds, bool completed, int? stars)
    {
        if (stars is { } s)
            return s >= LikedStars ? s / 5.0 : -1;
        if (completed || ViewerDataRules.IsCompleted(maxPosition, durationSeconds))
            return 1;
        if (durationSeconds <= 0)
            return 0;
        double share = Math.Clamp(Math.Max(watchedSeconds, maxPosition) / durationSeconds, 0, 1);
        return share < MinShare ? 0 : 0.4 + 0.6 * share;
    }
}
