using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;

namespace MediaFarm.Infrastructure.Uploads;

/// <summary>
/// The embedded direct-upload backend: parts are files under the data folder, received by the API at
/// URLs signed with HMAC-SHA256 and an expiry (the same contract as S3 presigned part URLs).
/// </summary>
public sealed class FileSystemDirectUploadStore(string root, byte[] signingKey, IObjectStore store) : IDirectUploadStore
{
    public const string PartRoute = "/v1/uploads/direct";

    /// <summary>Where dropped upload folders are moved before they are deleted (not an upload id: ids are hex).</summary>
    private const string DroppedFolder = ".dropped";

    public Task<string> StartAsync(string key, CancellationToken ct)
    {
        ObjectKeys.Validate(key);
        string uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Directory.CreateDirectory(Folder(uploadId));
        File.WriteAllText(Path.Combine(Folder(uploadId), "key"), key);
        return Task.FromResult(uploadId);
    }

    public Task<IReadOnlyList<PresignedPart>> PresignPartsAsync(string key, string uploadId, IReadOnlyCollection<int> partNumbers, TimeSpan expiry, CancellationToken ct)
    {
        EnsureOpen(key, uploadId);
        var expires = DateTimeOffset.UtcNow.Add(expiry);
        IReadOnlyList<PresignedPart> parts = partNumbers.Select(n =>
        {
            long unix = expires.ToUnixTimeSeconds();
            string url = string.Create(CultureInfo.InvariantCulture, $"{PartRoute}/{uploadId}/{n}?expires={unix}&signature={Sign(uploadId, n, unix)}");
            return new PresignedPart(n, url, expires);
        }).ToArray();
        return Task.FromResult(parts);
    }

    /// <summary>Checks a part URL's signature and expiry; the API answers 403 when this is false.</summary>
    public bool IsValidSignature(string uploadId, int partNumber, long expiresUnix, string signature) =>
        DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= expiresUnix &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(uploadId, partNumber, expiresUnix)), Encoding.ASCII.GetBytes(signature));

    /// <summary>
    /// Stores one part (replacing an earlier attempt) and returns its ETag (MD5, as S3 does);
    /// <see cref="UploadGoneException"/> when the upload is aborted or completed, even half way through.
    /// </summary>
    public async Task<string> ReceivePartAsync(string uploadId, int partNumber, Stream body, long maxBytes, CancellationToken ct)
    {
        string path = PartPath(uploadId, partNumber);
        string temp = $"{path}.{Guid.NewGuid():N}.partial";
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var buffer = new byte[1 << 20];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                        throw new InvalidDataException($"A part may hold at most {maxBytes} bytes.");
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            string etag = Convert.ToHexStringLower(md5.GetHashAndReset());
            await File.WriteAllTextAsync(path + ".etag", etag, ct);
            File.Move(temp, path, overwrite: true);
            return etag;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // The folder was dropped (abort, sweep, complete) before or while the part arrived.
            throw Gone(e);
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (DirectoryNotFoundException)
            {
                // dropped with its folder
            }
        }
    }

    public Task<IReadOnlyList<StoredPart>> ListPartsAsync(string key, string uploadId, CancellationToken ct)
    {
        EnsureOpen(key, uploadId);
        try
        {
            IReadOnlyList<StoredPart> parts = Directory.EnumerateFiles(Folder(uploadId), "*.part")
                .Select(p => new FileInfo(p))
                .Select(f => new StoredPart(int.Parse(Path.GetFileNameWithoutExtension(f.Name), CultureInfo.InvariantCulture), f.Length,
                    File.ReadAllText(f.FullName + ".etag"), f.LastWriteTimeUtc))
                .OrderBy(p => p.PartNumber)
                .ToArray();
            return Task.FromResult(parts);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            throw Gone(e); // dropped while we listed it
        }
    }

    public async Task<long> CompleteAsync(string key, string uploadId, CancellationToken ct)
    {
        var parts = await ListPartsAsync(key, uploadId, ct);
        if (parts.Count == 0)
            throw new InvalidOperationException("No part was uploaded.");
        try
        {
            await using (var joined = new ConcatenatedFileStream(parts.Select(p => PartPath(uploadId, p.PartNumber)).ToArray()))
                await store.PutAsync(key, joined, null, ct);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            throw Gone(e);
        }
        Drop(uploadId);
        return parts.Sum(p => p.Size);
    }

    public Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        Drop(uploadId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes an upload's folder. It is renamed away first, atomically: a part being received at that
    /// moment then fails to land (its folder is gone) instead of re-creating files in a folder that is
    /// half deleted, and two droppers (an abort and the sweep) cannot trip over each other.
    /// </summary>
    private void Drop(string uploadId)
    {
        string dropped = Path.Combine(root, DroppedFolder, $"{uploadId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(dropped)!);
        try
        {
            Directory.Move(Folder(uploadId), dropped);
        }
        catch (DirectoryNotFoundException)
        {
            return; // already dropped
        }
        Directory.Delete(dropped, recursive: true);
    }

    private static UploadGoneException Gone(Exception inner) => new("The upload does not exist or was aborted.", inner);

    private string Sign(string uploadId, int partNumber, long expiresUnix)
    {
        var mac = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{uploadId}\n{partNumber}\n{expiresUnix}")));
        return Convert.ToHexStringLower(mac);
    }

    private void EnsureOpen(string key, string uploadId)
    {
        string keyFile = Path.Combine(Folder(uploadId), "key");
        try
        {
            if (File.ReadAllText(keyFile) == key)
                return;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            throw Gone(e);
        }
        throw Gone(new InvalidDataException($"Upload {uploadId} belongs to another key."));
    }

    private string Folder(string uploadId)
    {
        if (uploadId.Length != 32 || !uploadId.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Malformed upload id.", nameof(uploadId));
        return Path.Combine(root, uploadId);
    }

    private string PartPath(string uploadId, int partNumber) =>
        Path.Combine(Folder(uploadId), partNumber.ToString("D5", CultureInfo.InvariantCulture) + ".part");
}
