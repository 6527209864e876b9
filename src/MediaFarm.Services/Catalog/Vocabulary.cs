namespace MediaFarm.Services.Catalog;

/// <summary>
/// An index's vocabulary in memory, sorted: whether a term or a prefix is known, and which terms are
/// worth an edit-distance check for an unknown one (those whose length is within reach).
/// </summary>
public sealed class Vocabulary
{
    private readonly string[] _terms;
    private readonly long[] _documents;

    public Vocabulary(IEnumerable<VocabularyTerm> terms)
    {
        var sorted = terms.OrderBy(t => t.Term, StringComparer.Ordinal).ToArray();
        _terms = sorted.Select(t => t.Term).ToArray();
        _documents = sorted.Select(t => t.Documents).ToArray();
    }

    public int Count => _terms.Length;

    public bool Contains(string term) => Array.BinarySearch(_terms, term, StringComparer.Ordinal) >= 0;

    public bool HasPrefix(string prefix)
    {
        int at = Array.BinarySearch(_terms, prefix, StringComparer.Ordinal);
        if (at >= 0)
            return true;
        at = ~at; // the first term after the prefix: it begins with it, if any does
        return at < _terms.Length && _terms[at].StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Terms at most the allowed distance longer or shorter (any longer one for a prefix).</summary>
    public IEnumerable<VocabularyTerm> Candidates(string term, bool prefix)
    {
        int allowed = TermSuggester.AllowedDistance(term);
        int min = term.Length - allowed, max = prefix ? int.MaxValue : term.Length + allowed;
        for (int i = 0; i < _terms.Length; i++)
            if (_terms[i].Length >= min && _terms[i].Length <= max)
                yield return new VocabularyTerm(_terms[i], _documents[i]);
    }
}
