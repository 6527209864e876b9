namespace MediaFarm.Core.Farm;

/// <summary>
/// Completes once this process's node run is in the registry. The node's job server waits for it: a
/// job taken by a run the farm does not know yet would look orphaned to the failover sweep.
/// </summary>
public sealed class NodeRegistration
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsRegistered => _registered.Task.IsCompleted;

    public void MarkRegistered() => _registered.TrySetResult();

    public Task WaitAsync(CancellationToken ct) => _registered.Task.WaitAsync(ct);
}
