namespace MediaFarm.Core.Threading;

/// <summary>
/// A value computed once, on first use, by an async function, then kept. Unlike a Lazy&lt;Task&gt;, a
/// computation that fails or is cancelled is not kept: the next caller tries again.
/// </summary>
public sealed class AsyncOnce<T>(Func<CancellationToken, Task<T>> compute) where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    public async Task<T> GetAsync(CancellationToken ct = default)
    {
        if (Volatile.Read(ref _value) is { } known)
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            return _value ??= await compute(ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
