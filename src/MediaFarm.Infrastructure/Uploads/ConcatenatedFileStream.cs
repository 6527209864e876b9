namespace MediaFarm.Infrastructure.Uploads;

/// <summary>Reads several files one after another as one stream, without loading them.</summary>
public sealed class ConcatenatedFileStream(IReadOnlyList<string> paths) : Stream
{
    private int _index = -1;
    private FileStream? _current;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
