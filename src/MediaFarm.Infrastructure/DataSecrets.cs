using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MediaFarm.Infrastructure;

/// <summary>
/// Secrets a standalone install makes for itself on first start (signing keys, the first admin's
/// password), kept under the data folder in files only the owner can read. A secret set in
/// configuration always wins; these files are the fallback that lets a fresh machine run with no setup.
/// </summary>
public sealed class DataSecrets(IOptions<StorageOptions> options)
{
    private string Folder => Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "secrets");

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The named random key (base64), created once; concurrent first starts agree on one.</summary>
    public byte[] GetOrCreateKey(string name, int bytes = 32) =>
        Convert.FromBase64String(GetOrCreate(name, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))).Value);

    /// <summary>The stored value, or <paramref name="create"/>'s written now (Created = true only for the writer).</summary>
    public (string Value, bool Created) GetOrCreate(string name, Func<string> create)
    {
        string path = PathOf(name);
        if (File.Exists(path))
            return (File.ReadAllText(path).Trim(), false);
        Directory.CreateDirectory(Folder);
        string value = create();
        // Written whole to a private temporary file, then moved without overwriting: a reader never sees
        // half a secret, and when two first starts race, the loser reads the winner's value.
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, fileOptions))
        using (var writer = new StreamWriter(file))
            writer.Write(value);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return (value, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return (File.ReadAllText(path).Trim(), false);
        }
    }
}
