namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>One hash slot to move from one master to another.</summary>
public sealed record SlotMove(int Slot, string From, string To);

/// <summary>
/// Which slots move when the set of masters changes (pure): every target master ends with ⌊16384/n⌋ or
/// ⌈16384/n⌉ slots, masters leaving give all theirs away, and nothing moves that need not: a master keeps
/// the slots up to its quota, and the extra slot of a remainder goes to the masters that already hold most.
/// </summary>
public static class SlotPlan
{
    public const int Slots = 16384;

    public static IReadOnlyList<SlotMove> Balance(IReadOnlyDictionary<string, IReadOnlyList<int>> slotsByMaster, IReadOnlyList<string> targets)
    {
        if (targets.Count == 0)
            throw new ArgumentException("At least one master must keep slots.", nameof(targets));
        if (targets.Distinct().Count() != targets.Count)
            throw new ArgumentException("Target masters must be distinct.", nameof(targets));
        IReadOnlyList<int> Held(string m) => slotsByMaster.TryGetValue(m, out var s) ? s : [];
        int total = slotsByMaster.Values.Sum(s => s.Count);
        // Quotas: the remainder's extra slots to the targets holding most now (ties by name, for a stable plan).
        var ordered = targets.OrderByDescending(t => Held(t).Count).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var quota = ordered.Select((t, i) => (t, q: total / targets.Count + (i < total % targets.Count ? 1 : 0))).ToDictionary(x => x.t, x => x.q);

        var surplus = new Queue<(int Slot, string From)>();
        foreach (var (master, slots) in slotsByMaster.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            int keep = quota.GetValueOrDefault(master, 0);
            foreach (int slot in slots.Order().Skip(keep))
                surplus.Enqueue((slot, master));
        }
        var moves = new List<SlotMove>();
        foreach (var target in ordered)
        {
            for (int missing = quota[target] - Math.Min(Held(target).Count, quota[target]); missing > 0; missing--)
            {
                var (slot, from) = surplus.Dequeue();
                moves.Add(new SlotMove(slot, from, target));
            }
        }
        return moves;
    }
}
