using System.Collections.Concurrent;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// The stage executions running in this process. A lease held in this node's name by an execution
/// that is not among them is a dead one's whose release was lost (say the database was away when it
/// ended): the node takes it over instead of waiting for the lease to expire.
/// </summary>
public sealed class RunningStages
{
    private readonly ConcurrentDictionary<string, byte> _running = new();

    public IDisposable Start(string execution)
    {
        _running[execution] = 0;
        return new Ended(() => _running.TryRemove(execution, out _));
    }

    public bool IsRunning(string execution) => _running.ContainsKey(execution);

    private sealed class Ended(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
