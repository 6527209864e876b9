using MediaFarm.Services.Users;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// Content ratings, ordered G &lt; PG &lt; PG-13 &lt; R &lt; NC-17 &lt; UNRATED. UNRATED sits above
/// everything: nobody vouched for the title, so a parental maximum lets it through only when the
/// maximum itself is UNRATED (that is, no limit).
/// </summary>
public static class ContentRatings
{
    public const string Unrated = "UNRATED";

    /// <summary>Every rating, lowest first; the index is the rating's rank.</summary>
    public static IReadOnlyList<string> All => Order;

    private static readonly string[] Order = ["G", "PG", "PG-13", "R", "NC-17", Unrated];

    /// <summary>The canonical spelling of a rating (case-insensitive), or null when it is not one.</summary>
    public static string? Normalize(string? rating) =>
        rating is null ? null : Order.FirstOrDefault(r => string.Equals(r, rating.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Position in the order (0 for G … 5 for UNRATED); throws for anything else.</summary>
    public static int Rank(string rating)
    {
        int rank = Array.IndexOf(Order, rating);
        return rank >= 0 ? rank : throw new ArgumentException($"'{rating}' is not a content rating.", nameof(rating));
    }

    public static bool IsAllowed(string rating, string? maximum) => maximum is null || Rank(rating) <= Rank(maximum);

    /// <summary>
    /// The highest rating the viewer may see, or null for no limit. Parental controls switched on
    /// without a maximum allow G only: the profile asked for protection without saying how much.
    /// </summary>
    public static string? ViewerMaximum(ViewerContext? viewer) => viewer switch
    {
        null or { ParentalControlEnabled: false } => null,
        { MaxContentRating: { } max } => Normalize(max) ?? Order[0],
        _ => Order[0],
    };
}
