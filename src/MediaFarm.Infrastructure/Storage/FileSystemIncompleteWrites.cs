using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using MediaFarm.Core.Storage;

namespace MediaFarm.Infrastructure.Storage;

/// <summary>
/// The embedded store's incomplete writes: the "key.&lt;guid&gt;.partial" temporary files a put writes
/// before renaming into place, left behind when the process was killed mid-put.
/// </summary>
public sealed partial class FileSystemIncompleteWrites(string root) : IIncompleteWrites
{
    private readonly string _root = Path.GetFullPath(root);

    public async IAsyncEnumerable<IncompleteWrite> ListIdleAsync(DateTimeOffset idleSince, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(_root))
            yield break;
        foreach (string path in Directory.EnumerateFiles(_root, "*.partial", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            string relative = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            // A live put keeps writing, so its file's modification time stays recent.
            if (file.Exists && file.LastWriteTimeUtc < idleSince && TempSuffix().Match(relative) is { Success: true } suffix)
                yield return new IncompleteWrite(relative[..suffix.Index], relative, file.LastWriteTimeUtc);
            await Task.CompletedTask;
        }
    }

    public Task AbortAsync(IncompleteWrite write, CancellationToken ct)
    {
        if (!TempSuffix().IsMatch(write.UploadId) || write.UploadId.Split('/').Contains(".."))
            throw new ArgumentException($"'{write.UploadId}' is not a temporary file of this store.", nameof(write));
        File.Delete(Path.Combine(_root, write.UploadId.Replace('/', Path.DirectorySeparatorChar)));
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\.[0-9a-f]{32}\.partial$")]
    private static partial Regex TempSuffix();
}
