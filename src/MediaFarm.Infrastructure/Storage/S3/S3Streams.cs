using MediaFarm.Core.IO;

namespace MediaFarm.Infrastructure.Storage.S3;

/// <summary>An HTTP response body that also disposes its response when the reader is done.</summary>
internal sealed class ResponseStream(Stream body, HttpResponseMessage response) : ReadOnlyStream
{
    public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => body.ReadAsync(buffer, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
