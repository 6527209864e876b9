using MediaFarm.Services.Tests.Recommendations;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Prints the recommendation quality figures of the generated taste-cluster world (the unit test's, seed 19,
/// and two more seeds): recall@10 and NDCG@10 of the recommender and of the most-popular baseline.
/// </summary>
public static class RecommendationBenchmark
{
    public static Task<int> RunAsync()
    {
        foreach (int seed in new[] { 19, 7, 2026 })
            Console.WriteLine($"seed {seed}: {TasteClusters.Generate(seed).Evaluate()}");
        return Task.FromResult(0);
    }
}
