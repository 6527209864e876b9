namespace MediaFarm.Services.Catalog;

/// <summary>A word of the search index and in how many published titles it occurs.</summary>
public readonly record struct VocabularyTerm(string Term, long Documents);

/// <summary>
/// Typo tolerance, apart from any index: the vocabulary terms nearest to a term nobody indexed, by
/// edit distance (optimal string alignment: insert, delete, substitute, or swap two neighbours, each 1).
/// How many edits a term may carry grows with its length, as search engines do (short words have too
/// many neighbours to guess from): none below 4 letters, 1 up to 7, 2 from 8.
/// </summary>
public static class TermSuggester
{
    public const int MaxDistance = 2;

    /// <summary>How many suggestions replace one unknown term (searched for as alternatives).</summary>
    public const int MaxSuggestions = 3;

    public static int AllowedDistance(string term) => term.Length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => MaxDistance,
    };

    /// <summary>
    /// The closest candidates within the term's allowed distance: only those at the smallest distance
    /// found, the most frequent first (then alphabetical, so the answer is stable). For a term still being
    /// typed (<paramref name="prefix"/>) a candidate also matches when one of its beginnings is that close.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string term, IEnumerable<VocabularyTerm> candidates, bool prefix = false)
    {
        int allowed = AllowedDistance(term);
        if (allowed == 0)
            return [];
        var scored = candidates
            .Where(c => c.Term != term)
            .Select(c => (c.Term, c.Documents, Distance: prefix ? PrefixDistance(term, c.Term, allowed) : Distance(term, c.Term, allowed)))
            .Where(c => c.Distance <= allowed)
            .ToList();
        if (scored.Count == 0)
            return [];
        int best = scored.Min(c => c.Distance);
        return scored
            .Where(c => c.Distance == best)
            .OrderByDescending(c => c.Documents)
            .ThenBy(c => c.Term, StringComparer.Ordinal)
            .Select(c => c.Term)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .ToArray();
    }

    /// <summary>Optimal string alignment distance, or max + 1 as soon as it is certain to exceed max.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
            return max + 1;
        // Three rows: the one before the previous is needed for transpositions.
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d = Math.Min(d, before[j - 2] + 1);
                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }
            if (rowMin > max)
                return max + 1;
            (before, previous, current) = (previous, current, before);
        }
        return Math.Min(previous[b.Length], max + 1);
    }

    /// <summary>The distance from the term to the closest beginning of the candidate (or the whole of it).</summary>
    public static int PrefixDistance(string term, string candidate, int max)
    {
        int best = max + 1;
        for (int length = Math.Max(1, term.Length - max); length <= Math.Min(candidate.Length, term.Length + max); length++)
            best = Math.Min(best, Distance(term, candidate[..length], max));
        return best;
    }
}
