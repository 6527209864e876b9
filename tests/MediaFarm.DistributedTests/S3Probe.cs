using System.Security.Cryptography;
using MediaFarm.Infrastructure.Storage.S3;
using MediaFarm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaFarm.DistributedTests;

/// <summary>Reads objects of a bucket directly, as an independent check of what a farm stored.</summary>
public sealed class S3Probe
{
    private readonly S3ObjectStore _store;

    public S3Probe(string bucket)
    {
        Settings = new S3Options
        {
            Endpoint = TestServices.Get("S3__Endpoint"),
            AccessKey = TestServices.Get("S3__AccessKey"),
            SecretKey = TestServices.Get("S3__SecretKey"),
            Region = TestServices.Get("S3__Region"),
            Bucket = bucket,
        };
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        _store = new S3ObjectStore(S3Clients.Minio(Settings), S3Clients.Aws(Settings), Options.Create(Settings), http);
    }

    public S3Options Settings { get; }

    public S3ObjectStore Store => _store;

    public async Task<byte[]> Sha256Async(string key)
    {
        await using var stream = await _store.OpenReadAsync(key) ?? throw new FileNotFoundException(key);
        return await SHA256.HashDataAsync(stream);
    }
}
