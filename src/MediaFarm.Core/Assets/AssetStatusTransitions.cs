namespace MediaFarm.Core.Assets;

/// <summary>
/// Which status changes are legal. The pipeline only moves forward; a stage may be re-entered
/// (a retried or resumed job), any non-terminal status may fail, and terminal statuses never change.
/// </summary>
public static class AssetStatusTransitions
{
    public static bool IsTerminal(this AssetStatus status) => status is AssetStatus.Ready or AssetStatus.Failed;

    public static bool CanMove(AssetStatus from, AssetStatus to)
    {
        if (from.IsTerminal())
            return false;
        if (to == AssetStatus.Failed)
            return true;
        return to >= from;
    }

    public static void EnsureCanMove(AssetStatus from, AssetStatus to)
    {
        if (!CanMove(from, to))
            throw new InvalidAssetTransitionException(from, to);
    }
}

public sealed class InvalidAssetTransitionException(AssetStatus from, AssetStatus to)
    : InvalidOperationException($"An asset cannot move from '{from.Name()}' to '{to.Name()}'.")
{
    public AssetStatus From { get; } = from;
    public AssetStatus To { get; } = to;
}
