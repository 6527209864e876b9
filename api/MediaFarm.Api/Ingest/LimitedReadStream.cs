using MediaFarm.Core.IO;

namespace MediaFarm.Api.Ingest;

/// <summary>Passes reads through and throws <see cref="UploadTooLargeException"/> once more than the limit has been read.</summary>
public sealed class LimitedReadStream(Stream inner, long limit) : ReadOnlyStream
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read = await inner.ReadAsync(buffer, ct);
        _read += read;
        if (_read > limit)
            throw new UploadTooLargeException();
        return read;
    }
}

public sealed class UploadTooLargeException() : IOException("The upload exceeds the size limit.");
