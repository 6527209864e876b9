using System.Text;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// What a viewer typed, as index terms: lowercase runs of letters and digits (as both indexes split
/// words), duplicates dropped. The last term is a prefix while it is still being typed, that is when the
/// text does not end in a space or punctuation.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Terms, bool LastIsPrefix)
{
    public const int MaxTerms = 8;
    public const int MaxTermLength = 40;

    public static readonly SearchQuery Empty = new([], false);

    public bool IsEmpty => Terms.Count == 0;

    public static SearchQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Empty;
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0 && word.Length <= MaxTermLength && !terms.Contains(word.ToString()))
                terms.Add(word.ToString());
            word.Clear();
        }
        if (terms.Count > MaxTerms)
            terms.RemoveRange(MaxTerms, terms.Count - MaxTerms);
        bool stillTyping = char.IsLetterOrDigit(text[^1]) && terms.Count > 0 && text.TrimEnd().EndsWith(terms[^1], StringComparison.OrdinalIgnoreCase);
        return new SearchQuery(terms, stillTyping);
    }
}

/// <summary>One term of a planned search: any of <see cref="Alternatives"/> (as a prefix when <see cref="Prefix"/>).</summary>
public sealed record PlannedTerm(string Typed, IReadOnlyList<string> Alternatives, bool Prefix)
{
    public bool Corrected => Alternatives.Count != 1 || Alternatives[0] != Typed;
}

/// <summary>
/// The search an index runs for a query: every term must match; a term the index does not know is
/// replaced by its nearest known terms (<see cref="TermSuggester"/>), and the last term, while typed,
/// matches as a prefix when some indexed word begins with it (else it is corrected like the others).
/// </summary>
public sealed record SearchPlan(IReadOnlyList<PlannedTerm> Terms)
{
    /// <summary>The terms to look up candidates for, and whether each is looked up as a prefix.</summary>
    public static IEnumerable<(string Term, bool Prefix)> Unknown(SearchQuery query, IReadOnlySet<string> known, bool prefixKnown)
    {
        for (int i = 0; i < query.Terms.Count; i++)
        {
            string term = query.Terms[i];
            bool last = i == query.Terms.Count - 1 && query.LastIsPrefix;
            if (last ? !prefixKnown && !known.Contains(term) : !known.Contains(term))
                yield return (term, last);
        }
    }

    public static SearchPlan Build(SearchQuery query, IReadOnlySet<string> known, bool prefixKnown,
        IReadOnlyDictionary<string, IReadOnlyList<VocabularyTerm>> candidates)
    {
        var unknown = Unknown(query, known, prefixKnown).ToDictionary(u => u.Term, u => u.Prefix);
        var terms = query.Terms.Select((term, i) =>
        {
            bool typing = i == query.Terms.Count - 1 && query.LastIsPrefix;
            if (!unknown.TryGetValue(term, out bool asPrefix))
                return new PlannedTerm(term, [term], typing && prefixKnown);
            var nearest = TermSuggester.Nearest(term, candidates.GetValueOrDefault(term) ?? [], asPrefix);
            // Nothing near: keep the term as typed, which honestly finds nothing.
            return nearest.Count == 0 ? new PlannedTerm(term, [term], false) : new PlannedTerm(term, nearest, false);
        }).ToArray();
        return new SearchPlan(terms);
    }

    public IReadOnlyList<TermCorrection> Corrections =>
        Terms.Where(t => t.Corrected).Select(t => new TermCorrection(t.Typed, t.Alternatives)).ToArray();

    /// <summary>An FTS5 MATCH expression: terms quoted (they are letters and digits only), ANDed.</summary>
    public string ToFts5() => string.Join(" AND ", Terms.Select(t =>
        t.Alternatives.Count == 1
            ? Fts5Term(t.Alternatives[0], t.Prefix)
            : "(" + string.Join(" OR ", t.Alternatives.Select(a => Fts5Term(a, t.Prefix))) + ")"));

    /// <summary>A to_tsquery expression: terms ANDed, alternatives ORed, prefixes as :*.</summary>
    public string ToTsQuery() => string.Join(" & ", Terms.Select(t =>
        t.Alternatives.Count == 1
            ? TsTerm(t.Alternatives[0], t.Prefix)
            : "(" + string.Join(" | ", t.Alternatives.Select(a => TsTerm(a, t.Prefix))) + ")"));

    private static string Fts5Term(string term, bool prefix) => $"\"{term}\"" + (prefix ? "*" : "");

    private static string TsTerm(string term, bool prefix) => term + (prefix ? ":*" : "");
}
