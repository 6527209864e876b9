namespace MediaFarm.Services.Recommendations;

/// <summary>Bound from "Recommendations"; validated at start.</summary>
public sealed class RecommendationOptions : ISelfCheckingOptions
{
    public const string Section = "Recommendations";

    /// <summary>The Hangfire queue the model job runs on (the scheduler role's recommendations server takes it alone).</summary>
    public const string Queue = "recommendations";

    /// <summary>When the job recomputes the neighbours from the whole history (cron, UTC). Default: every 15 minutes.</summary>
    public string RecomputeCron { get; set; } = "*/15 * * * *";

    /// <summary>Neighbours kept per title.</summary>
    public int NeighboursPerTitle { get; set; } = 50;

    /// <summary>Pairs seen together by fewer users than this are left out of the similarity table.</summary>
    public int MinCoWatchers { get; set; } = 2;

    /// <summary>Shrinkage of the cosine toward 0 for rare pairs: score · co / (co + Shrinkage).</summary>
    public double Shrinkage { get; set; } = 10;

    /// <summary>How long a session's counted heartbeats are remembered; later heartbeats of it are dropped.</summary>
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The most a caller may ask for (?max=).</summary>
    public int MaxResults { get; set; } = 50;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(RecomputeCron) || RecomputeCron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
            yield return "Recommendations:RecomputeCron must be a cron expression (5 or 6 fields).";
        if (NeighboursPerTitle is < 1 or > 500)
            yield return "Recommendations:NeighboursPerTitle must be between 1 and 500.";
        if (MinCoWatchers < 1)
            yield return "Recommendations:MinCoWatchers must be at least 1.";
        if (Shrinkage < 0 || !double.IsFinite(Shrinkage))
            yield return "Recommendations:Shrinkage must be 0 or more.";
        if (SessionRetention < TimeSpan.FromMinutes(10))
            yield return "Recommendations:SessionRetention must be at least 10 minutes.";
        if (MaxResults is < 1 or > 200)
            yield return "Recommendations:MaxResults must be between 1 and 200.";
    }
}
