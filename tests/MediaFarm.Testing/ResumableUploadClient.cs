using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>A client of /v1/uploads that cuts a file into parts and PUTs them to the presigned URLs.</summary>
public sealed class ResumableUploadClient(HttpClient api)
{
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(5) };

    public async Task<JsonNode> StartAsync(string path, IDictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?> { ["fileName"] = Path.GetFileName(path), ["size"] = new FileInfo(path).Length };
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
            body[key] = value;
        using var response = await api.PostAsJsonAsync("/v1/uploads", body);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public static int PartCount(string path, long partSize) => (int)((new FileInfo(path).Length + partSize - 1) / partSize);

    /// <summary>Uploads the given parts of the file; returns the ETags the storage answered.</summary>
    public async Task<IReadOnlyList<string>> UploadPartsAsync(string uploadId, string path, long partSize, IReadOnlyList<int> partNumbers)
    {
        using var presign = await api.PostAsJsonAsync($"/v1/uploads/{uploadId}/parts", new { partNumbers });
        var parts = (await ReadAsync(presign, HttpStatusCode.OK))["parts"]!.AsArray();
        var etags = new List<string>();
        await using var file = File.OpenRead(path);
        foreach (var part in parts)
        {
            int n = part!["partNumber"]!.GetValue<int>();
            long offset = (n - 1) * partSize;
            int length = (int)Math.Min(partSize, file.Length - offset);
            var buffer = new byte[length];
            file.Position = offset;
            await file.ReadExactlyAsync(buffer);
            using var put = await Storage.PutAsync(part["url"]!.GetValue<string>(), new ByteArrayContent(buffer));
            if (!put.IsSuccessStatusCode)
                throw new InvalidOperationException($"PUT of part {n} answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            etags.Add(put.Headers.ETag?.Tag ?? "");
        }
        return etags;
    }

    public async Task<JsonNode> StatusAsync(string uploadId)
    {
        using var response = await api.GetAsync($"/v1/uploads/{uploadId}");
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonNode> CompleteAsync(string uploadId)
    {
        using var response = await api.PostAsync($"/v1/uploads/{uploadId}/complete", null);
        return await ReadAsync(response, HttpStatusCode.Accepted);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
