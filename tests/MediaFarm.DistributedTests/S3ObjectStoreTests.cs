using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MediaFarm.Core.Storage;
using MediaFarm.Infrastructure.Storage.S3;
using MediaFarm.Infrastructure.Tests.Storage;
using MediaFarm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaFarm.DistributedTests;

/// <summary>The object store contract, and what only a real S3 server checks, on Ceph RadosGW.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private readonly S3Options _options = new()
    {
        Endpoint = TestServices.Get("S3__Endpoint"),
        AccessKey = TestServices.Get("S3__AccessKey"),
        SecretKey = TestServices.Get("S3__SecretKey"),
        Region = TestServices.Get("S3__Region"),
        Bucket = $"mf-store-{Guid.NewGuid():N}"[..24],
        PresignedUrlMinutes = 5,
    };

    private S3ObjectStore _store = null!;
    private static readonly HttpClient Anonymous = new();

    protected override IObjectStore Store => _store;

    public async Task InitializeAsync()
    {
        _store = Create(_options);
        await new S3BucketInitializer(S3Clients.Minio(_options), S3Clients.Aws(_options), Options.Create(_options),
            NullLogger<S3BucketInitializer>.Instance).StartAsync(default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static S3ObjectStore Create(S3Options options)
    {
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new S3ObjectStore(S3Clients.Minio(options), S3Clients.Aws(options), Options.Create(options), http);
    }

    [Fact]
    public async Task A_200_MB_object_streams_in_and_out_with_flat_memory()
    {
        const long size = 200L * 1024 * 1024;
        string key = $"contract/{Guid.NewGuid():N}/big.bin";
        // Live managed memory, sampled with full collections: garbage from per-part buffers does not count,
        // an object held whole would.
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampler = new Timer(_ => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)), null, 0, 100);

        var watch = Stopwatch.StartNew();
        var source = new PatternStream(size);
        Assert.Equal(size, await _store.PutAsync(key, source));
        double putSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var read = await _store.OpenReadAsync(key))
        {
            var buffer = new byte[1 << 20];
            int n;
            while ((n = await read!.ReadAsync(buffer)) > 0)
                sha.AppendData(buffer, 0, n);
        }
        double getSeconds = watch.Elapsed.TotalSeconds;

        Assert.Equal(source.Hash(), sha.GetHashAndReset());
        Assert.True(peak - before < 64L * 1024 * 1024, $"managed memory grew by {(peak - before) / 1048576} MB");
        Console.WriteLine($"200 MB put {size / 1048576.0 / putSeconds:F0} MB/s, get {size / 1048576.0 / getSeconds:F0} MB/s, peak growth {(peak - before) / 1048576} MB");
        await _store.DeleteAsync(key);
    }

    [Fact]
    public async Task Presigned_urls_are_checked_for_signature_and_expiry()
    {
        string key = $"sources/{Guid.NewGuid():N}/source";
        await _store.PutAsync(key, new MemoryStream([1, 2, 3]));
        string url = await _store.GetMediaToolInputAsync(key);
        using (var ok = await Anonymous.GetAsync(url))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        int at = url.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
        string forged = url[..at] + (url[at] == 'a' ? 'b' : 'a') + url[(at + 1)..];
        using (var refused = await Anonymous.GetAsync(forged))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var shortLived = Create(_options);
        string expiring = await S3Clients.Minio(_options).PresignedGetObjectAsync(
            new Minio.DataModel.Args.PresignedGetObjectArgs().WithBucket(_options.Bucket).WithObject(key).WithExpiry(1));
        await Task.Delay(2500);
        using (var expired = await Anonymous.GetAsync(expiring))
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.NotNull(shortLived);
    }

    [Fact]
    public async Task Wrong_credentials_are_refused()
    {
        var wrong = Create(new S3Options { Endpoint = _options.Endpoint, AccessKey = _options.AccessKey, SecretKey = "not-the-secret", Bucket = _options.Bucket });
        await Assert.ThrowsAnyAsync<Exception>(() => wrong.PutAsync("contract/x", new MemoryStream([1])));
    }

    [Fact]
    public async Task Nothing_is_readable_anonymously_not_even_published_outputs()
    {
        string id = Guid.NewGuid().ToString("N");
        await _store.PutAsync($"public/{id}/master.m3u8", new MemoryStream("#EXTM3U\n"u8.ToArray()));
        await _store.PutAsync($"sources/{id}/source", new MemoryStream([1, 2, 3]));
        string root = $"http://{_options.Endpoint}/{_options.Bucket}";

        // Published media reaches viewers only through the signed playback origin.
        using (var published = await Anonymous.GetAsync($"{root}/public/{id}/master.m3u8"))
            Assert.Equal(HttpStatusCode.Forbidden, published.StatusCode);
        using (var source = await Anonymous.GetAsync($"{root}/sources/{id}/source"))
            Assert.Equal(HttpStatusCode.Forbidden, source.StatusCode);
        Assert.NotNull(await _store.StatAsync($"public/{id}/master.m3u8"));
    }

    [Fact]
    public async Task Starting_removes_the_anonymous_read_policy_of_earlier_versions()
    {
        string id = Guid.NewGuid().ToString("N");
        await _store.PutAsync($"public/{id}/master.m3u8", new MemoryStream("#EXTM3U\n"u8.ToArray()));
        string url = $"http://{_options.Endpoint}/{_options.Bucket}/public/{id}/master.m3u8";
        string policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::{{_options.Bucket}}/public/*"]}]}
            """;
        await S3Clients.Minio(_options).SetPolicyAsync(new Minio.DataModel.Args.SetPolicyArgs().WithBucket(_options.Bucket).WithPolicy(policy));
        using (var before = await Anonymous.GetAsync(url))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await new S3BucketInitializer(S3Clients.Minio(_options), S3Clients.Aws(_options), Options.Create(_options),
            NullLogger<S3BucketInitializer>.Instance).StartAsync(default);
        using (var after = await Anonymous.GetAsync(url))
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    /// <summary>A long deterministic byte stream made on the fly, so the test itself holds no copy.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++)
                buffer[offset + i] = Byte(_position + i);
            _position += n;
            return n;
        }

        private static byte Byte(long i) => (byte)((i * 31 + (i >> 12)) & 0xFF);

        public byte[] Hash()
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var block = new byte[1 << 20];
            for (long at = 0; at < length; at += block.Length)
            {
                int n = (int)Math.Min(block.Length, length - at);
                for (int i = 0; i < n; i++)
                    block[i] = Byte(at + i);
                sha.AppendData(block, 0, n);
            }
            return sha.GetHashAndReset();
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
