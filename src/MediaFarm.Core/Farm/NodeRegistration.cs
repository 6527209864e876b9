namespace MediaFarm.Core.Farm;

/// <summary>
/// Completes once this process's node run is in the registry. The node's job server waits for it: a
/// job taken by a run the farm does not know yet would look orphaned to the failover sweep.
/// </summary>
public sealed class NodeRegistration
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile string? _current;

    public bool IsRegistered => _registered.Task.IsCompleted;

    /// <summary>The registration the last heartbeat returned (see <see cref="INodeRegistry.UpsertAsync"/>).</summary>
    public string Current => _current ?? throw new InvalidOperationException("The node is not registered yet.");

    public void MarkRegistered(string registration)
    {
        _current = registration;
        _registered.TrySetResult();
    }

    public Task WaitAsync(CancellationToken ct) => _registered.Task.WaitAsync(ct);
}
