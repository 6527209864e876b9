using System.Security.Cryptography;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Infrastructure.Uploads;

internal static class DirectUploadRegistration
{
    /// <summary>Direct uploads follow the object store: part files + signed API URLs, or S3 multipart.</summary>
    public static IServiceCollection AddDirectUploads(this IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        services.AddSingleton<UploadAborter>();
        if (options.ObjectStore == "S3")
        {
            services.AddSingleton<IDirectUploadStore, S3DirectUploadStore>();
            return services;
        }
        services.AddSingleton(sp => new FileSystemDirectUploadStore(
            Path.Combine(sp.DataDirectory(), "uploads"),
            SigningKey(configuration, sp.DataDirectory()),
            sp.GetRequiredService<IObjectStore>()));
        services.AddSingleton<IDirectUploadStore>(sp => sp.GetRequiredService<FileSystemDirectUploadStore>());
        return services;
    }

    /// <summary>Ingest:UploadSigningKey (hex) when configured; else a random key kept in the data folder.</summary>
    private static byte[] SigningKey(IConfiguration configuration, string dataDirectory)
    {
        if (configuration["Ingest:UploadSigningKey"] is { Length: > 0 } configured)
            return Convert.FromHexString(configured);
        string path = Path.Combine(dataDirectory, "upload-signing.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }
        return Convert.FromHexString(File.ReadAllText(path).Trim());
    }
}
