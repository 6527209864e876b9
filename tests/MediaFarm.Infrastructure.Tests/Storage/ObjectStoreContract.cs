using System.Security.Cryptography;
using System.Text;
using MediaFarm.Core.Storage;

namespace MediaFarm.Infrastructure.Tests.Storage;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, whichever backend. Each implementation runs these
/// through a subclass that says how to make a fresh store.
/// </summary>
public abstract class ObjectStoreContract
{
    protected abstract IObjectStore Store { get; }

    private static string Key(string name) => $"contract/{Guid.NewGuid():N}/{name}";

    [Fact]
    public async Task Put_get_stat_and_delete_round_trip()
    {
        string key = Key("hello.txt");
        var bytes = Encoding.UTF8.GetBytes("hello, object store");
        Assert.Equal(bytes.Length, await Store.PutAsync(key, new MemoryStream(bytes), "text/plain"));

        var info = await Store.StatAsync(key);
        Assert.NotNull(info);
        Assert.Equal(bytes.Length, info.Size);

        await using (var read = await Store.OpenReadAsync(key))
        {
            Assert.NotNull(read);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        await Store.DeleteAsync(key);
        Assert.Null(await Store.StatAsync(key));
        Assert.Null(await Store.OpenReadAsync(key));
        await Store.DeleteAsync(key); // deleting what is gone is not an error
    }

    [Fact]
    public async Task Copy_makes_an_identical_object_replaces_what_is_there_and_refuses_a_missing_source()
    {
        string source = Key("segment.m4s"), target = Key("published/segment.m4s");
        var data = RandomNumberGenerator.GetBytes(300_000);
        await Store.PutAsync(source, new MemoryStream(data));
        await Store.PutAsync(target, new MemoryStream([1, 2, 3]));
        await Store.CopyAsync(source, target);
        Assert.Equal(data, await ReadAllAsync(await Store.OpenReadAsync(target)));
        Assert.Equal(data, await ReadAllAsync(await Store.OpenReadAsync(source))); // the source stays
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.CopyAsync(Key("missing.m4s"), Key("nowhere.m4s")));
    }

    [Fact]
    public async Task Ranged_reads_return_exactly_the_asked_bytes()
    {
        string key = Key("ranged.bin");
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251)).ToArray();
        await Store.PutAsync(key, new MemoryStream(data));

        Assert.Equal(data[1000..1100], await ReadAllAsync(await Store.OpenReadRangeAsync(key, 1000, 100)));
        Assert.Equal(data[99_990..], await ReadAllAsync(await Store.OpenReadRangeAsync(key, 99_990, null)));
        Assert.Equal(data[99_000..], await ReadAllAsync(await Store.OpenReadRangeAsync(key, 99_000, 5000)));
        Assert.Null(await Store.OpenReadRangeAsync(Key("missing"), 0, 10));
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Listing_returns_every_key_under_a_prefix_in_order()
    {
        string prefix = Key("");
        foreach (var name in new[] { "b/2.m4s", "a/1.m4s", "a/0.m4s", "master.m3u8" })
            await Store.PutAsync(prefix + name, new MemoryStream([1, 2, 3]));

        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix))
            keys.Add(item.Key[prefix.Length..]);
        Assert.Equal(["a/0.m4s", "a/1.m4s", "b/2.m4s", "master.m3u8"], keys);

        Assert.Equal(2, await Store.DeletePrefixAsync(prefix + "a/"));
        Assert.Equal(2, await Store.DeletePrefixAsync(prefix));
        await foreach (var _ in Store.ListAsync(prefix))
            Assert.Fail("the prefix should be empty");
    }

    [Fact]
    public async Task Files_move_in_and_out_unchanged()
    {
        string local = Path.GetTempFileName();
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await File.WriteAllBytesAsync(local, data);
        string key = Key("segment.m4s");

        await Store.UploadFileAsync(key, local);
        string back = local + ".back";
        await Store.DownloadToFileAsync(key, back);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(back)));

        string input = await Store.GetMediaToolInputAsync(key);
        Assert.False(string.IsNullOrEmpty(input));
        await Store.DeleteAsync(key);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("with space")]
    [InlineData("back\\slash")]
    [InlineData("")]
    public async Task Unsafe_keys_are_rejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.StatAsync(key));
    }

    [Fact]
    public async Task A_failed_upload_leaves_nothing_behind()
    {
        string key = Key("broken");
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, new FailingStream(1024 * 1024)));
        Assert.Null(await Store.StatAsync(key));
    }

    /// <summary>Yields some bytes, then fails like a dropped client connection.</summary>
    private sealed class FailingStream(int failAfter) : Stream
    {
        private int _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= failAfter)
                throw new IOException("connection reset");
            int n = Math.Min(count, failAfter - _read);
            Array.Fill(buffer, (byte)7, offset, n);
            _read += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
