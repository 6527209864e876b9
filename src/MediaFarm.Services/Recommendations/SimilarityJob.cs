using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// Recurring (Recommendations:RecomputeCron): recomputes the co-watch neighbours and popularity from the
/// whole history and replaces them in one transaction. A full recompute, not incremental: it is simple,
/// cannot drift, and on this scale (thousands of users) takes well under a second; an incremental scheme
/// (pair counts updated by the consumer) is the way past millions of pairs. One run at a time across
/// schedulers: Hangfire's distributed lock (DisableConcurrentExecution); a second run waits, then finds
/// little to do. It also forgets the seen seqs of sessions idle past the retention.
/// </summary>
public sealed class SimilarityJob(RecommendationStore store, IOptions<RecommendationOptions> options, TimeProvider clock, ILogger<SimilarityJob> log)
{
    public const string RecurringJobId = "recommendations-recompute";

    private static readonly Gauge Pairs = Metrics.CreateGauge("mediafarm_recommendation_neighbour_pairs", "Co-watch pairs the last model run saw.");

    private static readonly Histogram Seconds = Metrics.CreateHistogram("mediafarm_recommendation_recompute_seconds", "How long a model run took.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 3, 8) });

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)] // the next scheduled run is the retry
    public async Task<ModelRun> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var o = options.Value;
        var history = await store.LoadAllHistoryAsync(ct);
        var likings = new List<IReadOnlyList<Guid>>(history.Count);
        var watched = new Dictionary<Guid, int>();
        foreach (var user in history)
        {
            var liked = new List<Guid>();
            foreach (var row in user) // oldest first
            {
                var title = Guid.ParseExact(row.TitleId, "N");
                watched[title] = watched.GetValueOrDefault(title) + 1;
                if (WatchSignals.Strength(row.WatchedSeconds, row.MaxPosition, row.DurationSeconds, row.IsCompleted, (int?)row.Stars) > 0)
                    liked.Add(title);
            }
            likings.Add(liked);
        }
        var model = new ItemSimilarity { TopK = o.NeighboursPerTitle, MinCoCount = o.MinCoWatchers, Shrinkage = o.Shrinkage }.Compute(likings, watched);
        var now = clock.GetUtcNow();
        await store.ReplaceModelAsync(model, now, ct);
        int pruned = await store.PruneSessionsAsync(now - o.SessionRetention, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Pairs.Set(model.Pairs);
        Seconds.Observe(elapsed.TotalSeconds);
        log.LogInformation("Recommendations recomputed: {Users} users, {Titles} titles with neighbours, {Pairs} pairs, {Pruned} idle sessions forgotten, in {Ms} ms",
            model.Users, model.Neighbours.Count, model.Pairs, pruned, (long)elapsed.TotalMilliseconds);
        return new ModelRun(now, model.Users, model.Neighbours.Count, model.Pairs);
    }
}
