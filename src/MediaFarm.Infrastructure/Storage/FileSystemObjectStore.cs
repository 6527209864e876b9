using System.Runtime.CompilerServices;
using MediaFarm.Core.Storage;

namespace MediaFarm.Infrastructure.Storage;

/// <summary>
/// The embedded object store: one file per key under a root folder. Writes go to a temporary file first
/// and are renamed into place, so a reader never sees half an object and a failed upload leaves nothing.
/// </summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private const int BufferSize = 1 << 20;
    private readonly string _root;

    public FileSystemObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    public async Task<long> PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default)
    {
        string path = PathOf(key);
        string temp = TempPathFor(path);
        try
        {
            long written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, ct);
                written = file.Length;
            }
            File.Move(temp, path, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        string path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public async Task<Stream?> OpenReadRangeAsync(string key, long offset, long? length, CancellationToken ct = default)
    {
        var stream = await OpenReadAsync(key, ct);
        if (stream is null)
            return null;
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        long available = stream.Length - stream.Position;
        return new SubStream(stream, length is { } n ? Math.Min(n, available) : available);
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // A prefix may end inside a name ("work/ab" matches "work/abc/…"), as in S3: walk from its folder.
        int slash = prefix.LastIndexOf('/');
        string folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(folder))
            yield break;
        var keys = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".partial", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(_root, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ct.ThrowIfCancellationRequested();
            var file = new FileInfo(Path.Combine(_root, key));
            if (file.Exists)
                yield return new ObjectInfo(key, file.Length, file.LastWriteTimeUtc);
            await Task.CompletedTask;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        string path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
            DeleteEmptyParents(Path.GetDirectoryName(path)!);
        }
        return Task.CompletedTask;
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        int deleted = 0;
        await foreach (var item in ListAsync(prefix, ct))
        {
            File.Delete(Path.Combine(_root, item.Key));
            deleted++;
        }
        if (prefix.EndsWith('/'))
        {
            string folder = Path.Combine(_root, prefix.TrimEnd('/'));
            DeleteEmptyFolders(folder);
            DeleteEmptyParents(Path.GetDirectoryName(folder)!);
        }
        return deleted;
    }

    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct = default)
    {
        string source = PathOf(sourceKey);
        if (!File.Exists(source))
            throw new FileNotFoundException($"Object '{sourceKey}' does not exist.", sourceKey);
        string target = PathOf(destinationKey);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = TempPathFor(target);
        try
        {
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return Task.CompletedTask;
    }

    public Task DownloadToFileAsync(string key, string path, CancellationToken ct = default)
    {
        string source = PathOf(key);
        if (!File.Exists(source))
            throw new FileNotFoundException($"Object '{key}' does not exist.", key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Copy(source, path, overwrite: true);
        return Task.CompletedTask;
    }

    public Task UploadFileAsync(string key, string path, CancellationToken ct = default)
    {
        string target = PathOf(key);
        string temp = TempPathFor(target);
        File.Copy(path, temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<string> GetMediaToolInputAsync(string key, CancellationToken ct = default)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Object '{key}' does not exist.", key);
        return Task.FromResult(path);
    }

    private static string TempPathFor(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return $"{path}.{Guid.NewGuid():N}.partial";
    }

    /// <summary>Removes <paramref name="folder"/> and its parents while they are empty, stopping at the root.</summary>
    private void DeleteEmptyParents(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir.FullName.Length > _root.Length && dir.Exists; dir = dir.Parent!)
        {
            if (dir.EnumerateFileSystemInfos().Any())
                return;
            try
            {
                dir.Delete();
            }
            catch (IOException)
            {
                return; // a concurrent writer just put something there
            }
        }
    }

    private void DeleteEmptyFolders(string folder)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var sub in Directory.GetDirectories(folder))
            DeleteEmptyFolders(sub);
        if (!Directory.EnumerateFileSystemEntries(folder).Any() && !string.Equals(folder, _root, StringComparison.Ordinal))
            Directory.Delete(folder);
    }
}
