using System.Globalization;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// Which heartbeat numbers of one session were counted, without a row per heartbeat: a floor (every seq
/// below it counted) and the counted seqs above it. Heartbeats mostly arrive in order, so the floor moves
/// up and the set stays empty; a late one fills its gap, a repeated one is recognised and ignored. A gap
/// that never fills (a lost heartbeat) would keep the set growing, so past <see cref="MaxAbove"/> the floor
/// jumps over the gap: a heartbeat that late is dropped (under-counted, never counted twice).
/// </summary>
public sealed class SeenSeqs
{
    public const int MaxAbove = 64;

    private readonly SortedSet<long> _above;

    public long Floor { get; private set; }

    public SeenSeqs(long floor = 0, IEnumerable<long>? above = null)
    {
        Floor = floor;
        _above = new SortedSet<long>((above ?? []).Where(s => s >= floor));
        Compact();
    }

    public IReadOnlyCollection<long> Above => _above;

    /// <summary>True when <paramref name="seq"/> was not counted yet (and now is).</summary>
    public bool TryAdd(long seq)
    {
        if (seq < Floor || !_above.Add(seq))
            return false;
        Compact();
        return true;
    }

    private void Compact()
    {
        while (_above.Count > 0 && _above.Min == Floor)
        {
            _above.Remove(Floor);
            Floor++;
        }
        while (_above.Count > MaxAbove)
        {
            Floor = _above.Min + 1;
            _above.Remove(_above.Min);
            while (_above.Count > 0 && _above.Min == Floor)
            {
                _above.Remove(Floor);
                Floor++;
            }
        }
    }

    public string Serialize() => string.Join(',', _above.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    public static SeenSeqs Parse(long floor, string above) =>
        new(floor, above.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)));
}
