namespace MediaFarm.Testing;

/// <summary>Gives <paramref name="bytes"/> bytes, then blocks forever: a client that stopped sending mid-file.</summary>
public sealed class StallingStream(long bytes) : Stream
{
    private long _sent;

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        await ReadAsync(buffer.AsMemory(offset, count), ct);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_sent >= bytes)
            await Task.Delay(Timeout.Infinite, ct);
        int n = (int)Math.Min(buffer.Length, bytes - _sent);
        Random.Shared.NextBytes(buffer.Span[..n]);
        _sent += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _sent; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
