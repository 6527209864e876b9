namespace MediaFarm.Services.Recommendations;

/// <summary>A published title as the model sees it: what it is, who may see it, and how many watched it.</summary>
public sealed record TitleFeatures(Guid Id, string Name, IReadOnlyList<string> Genres, string ContentRating, int Viewers);

/// <summary>
/// What one user's history says about one title: <see cref="Strength"/> &gt; 0 a liking (the model's input),
/// 0 only sampled, &lt; 0 disliked (rated 1–2 stars). Every title with a signal is left out of the user's recommendations.
/// </summary>
public sealed record UserSignal(Guid TitleId, double Strength, bool Completed, DateTimeOffset LastAt);

/// <summary>One co-watch neighbour of a title (the job's output).</summary>
public sealed record Neighbour(Guid TitleId, double Score, int CoCount);

/// <summary>A recommended title, its blended score and a short reason for people.</summary>
public sealed record Recommendation(TitleFeatures Title, double Score, string Because);

/// <summary>The blend's weights and the similarity's parameters; defaults measured with the quality test.</summary>
public sealed record ModelWeights
{
    /// <summary>Co-watch (item-to-item) evidence, normalised per user to [0, 1].</summary>
    public double CoWatch { get; init; } = 1.0;

    /// <summary>Genre overlap with the user's history (and favourite genres), normalised to [0, 1].</summary>
    public double Content { get; init; } = 0.15;

    /// <summary>log-scaled popularity in [0, 1]: breaks ties and fills in when there is little else.</summary>
    public double Popularity { get; init; } = 0.05;

    /// <summary>How much the profile's favouriteGenres count, as a share of the genre profile built from history.</summary>
    public double FavoriteGenres { get; init; } = 0.3;
}
