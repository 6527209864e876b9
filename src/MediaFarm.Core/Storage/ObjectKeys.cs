namespace MediaFarm.Core.Storage;

/// <summary>
/// The one place object keys are made. Keys come from server-generated asset ids, never from client
/// file names; sources stay private, published outputs live under the public prefix.
/// </summary>
public static class ObjectKeys
{
    public const string PublicPrefix = "public/";

    public static string Source(Guid assetId) => $"sources/{assetId:N}/source";

    /// <summary>Intermediate outputs between stages (renditions, package, thumbnails) before publishing.</summary>
    public static string WorkPrefix(Guid assetId) => $"work/{assetId:N}/";

    public static string Work(Guid assetId, string stage, string relativePath) => $"{WorkPrefix(assetId)}{stage}/{relativePath}";

    /// <summary>Full logs of failed stage attempts, for admins (the asset's failure reason is the short form).</summary>
    public static string LogPrefix(Guid assetId) => $"logs/{assetId:N}/";

    public static string StageLog(Guid assetId, string stage, long attempt) => $"{LogPrefix(assetId)}{stage}-{attempt}.log";

    public static string PublishedPrefix(Guid assetId) => $"{PublicPrefix}{assetId:N}/";

    public static string Published(Guid assetId, string relativePath) => $"{PublishedPrefix(assetId)}{relativePath}";

    /// <summary>
    /// Rejects keys that could escape the store or mean something else to a filesystem or URL:
    /// empty segments, "." / "..", backslashes, control characters and anything outside a safe set.
    /// </summary>
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512)
            throw new ArgumentException("An object key must be 1–512 characters long.", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
                throw new ArgumentException($"Object key '{key}' has an empty or relative segment.", nameof(key));
        }
        foreach (char c in key)
        {
            bool safe = char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '=';
            if (!safe)
                throw new ArgumentException($"Object key '{key}' contains the character '{c}' which is not allowed.", nameof(key));
        }
    }
}
