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

    /// <summary>Stores one part (replacing an earlier attempt) and returns its ETag (MD5, as S3 does).</summary>
    public async Task<string> ReceivePartAsync(string uploadId, int partNumber, Stream body, long maxBytes, CancellationToken ct)
    {
        if (!Directory.Exists(Folder(uploadId)))
            throw new FileNotFoundException("The upload does not exist or was aborted.");
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
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<IReadOnlyList<StoredPart>> ListPartsAsync(string key, string uploadId, CancellationToken ct)
    {
        EnsureOpen(key, uploadId);
        IReadOnlyList<StoredPart> parts = Directory.EnumerateFiles(Folder(uploadId), "*.part")
            .Select(p => new FileInfo(p))
            .Select(f => new StoredPart(int.Parse(Path.GetFileNameWithoutExtension(f.Name), CultureInfo.InvariantCulture), f.Length,
                File.ReadAllText(f.FullName + ".etag"), f.LastWriteTimeUtc))
            .OrderBy(p => p.PartNumber)
            .ToArray();
        return Task.FromResult(parts);
    }

    public async Task<long> CompleteAsync(string key, string uploadId, CancellationToken ct)
    {
        var parts = await ListPartsAsync(key, uploadId, ct);
        if (parts.Count == 0)
            throw new InvalidOperationException("No part was uploaded.");
        await using (var joined = new ConcatenatedFileStream(parts.Select(p => PartPath(uploadId, p.PartNumber)).ToArray()))
            await store.PutAsync(key, joined, null, ct);
        Directory.Delete(Folder(uploadId), recursive: true);
        return parts.Sum(p => p.Size);
    }

    public Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        if (Directory.Exists(Folder(uploadId)))
            Directory.Delete(Folder(uploadId), recursive: true);
        return Task.CompletedTask;
    }

    private string Sign(string uploadId, int partNumber, long expiresUnix)
    {
        var mac = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{uploadId}\n{partNumber}\n{expiresUnix}")));
        return Convert.ToHexStringLower(mac);
    }

    private void EnsureOpen(string key, string uploadId)
    {
        string keyFile = Path.Combine(Folder(uploadId), "key");
        if (!File.Exists(keyFile) || File.ReadAllText(keyFile) != key)
            throw new FileNotFoundException("The upload does not exist or was aborted.");
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
