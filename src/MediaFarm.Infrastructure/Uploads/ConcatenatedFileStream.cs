using MediaFarm.Core.IO;

namespace MediaFarm.Infrastructure.Uploads;

/// <summary>Reads several files one after another as one stream, without loading them.</summary>
public sealed class ConcatenatedFileStream(IReadOnlyList<string> paths) : ReadOnlyStream
{
    private int _index = -1;
    private FileStream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (++_index >= paths.Count)
                    return 0;
                _current = new FileStream(paths[_index], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
            }
            int read = await _current.ReadAsync(buffer, ct);
            if (read > 0)
                return read;
            await _current.DisposeAsync();
            _current = null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();
        base.Dispose(disposing);
    }
}
