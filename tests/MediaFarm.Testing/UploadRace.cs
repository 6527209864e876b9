using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>One answer a racing request got: which operation, its HTTP status, and its body.</summary>
public sealed record RaceCall(string UploadId, string Operation, int Status, string Body)
{
    public override string ToString() => $"{Operation} {UploadId} → {Status} {Body}";
}

/// <summary>
/// Fires direct-upload requests at the API while something else (an abort, the sweep) changes the
/// uploads, and records every answer: tests then check that none was a 5xx and that they agree.
/// </summary>
public sealed class UploadRace(HttpClient api)
{
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The bytes of every part: small, as only the last part may be under 5 MiB for S3 and we send one.</summary>
    public static readonly byte[] Part = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64 * 1024);

    public ConcurrentQueue<RaceCall> Calls { get; } = new();

    public IEnumerable<RaceCall> ServerErrors => Calls.Where(c => c.Status >= 500);

    public IEnumerable<RaceCall> Of(string operation) => Calls.Where(c => c.Operation == operation);

    /// <summary>Starts an upload of one part, stores that part, and returns its id and the part's URL.</summary>
    public async Task<(string Id, string PartUrl)> StartWithOnePartAsync()
    {
        using var start = await api.PostAsJsonAsync("/v1/uploads", new { fileName = "race.bin", size = Part.Length });
        string id = JsonNode.Parse(await EnsureAsync(start))!["id"]!.GetValue<string>();
        string url = await PresignAsync(id) ?? throw new InvalidOperationException($"upload {id} refused its part URL");
        int status = await PutPartAsync(id, url);
        if (status != 200)
            throw new InvalidOperationException($"PUT of the first part of {id} answered {status}");
        return (id, url);
    }

    /// <summary>GET /v1/uploads/{id}; returns the status it reports, or null when it answered otherwise than 200.</summary>
    public async Task<string?> StatusAsync(string id)
    {
        using var response = await api.GetAsync($"/v1/uploads/{id}");
        string body = await RecordAsync(id, "status", response);
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)!["status"]!.GetValue<string>() : null;
    }

    /// <summary>A presigned URL for part 1, or null when refused.</summary>
    public async Task<string?> PresignAsync(string id)
    {
        using var response = await api.PostAsJsonAsync($"/v1/uploads/{id}/parts", new { partNumbers = new[] { 1 } });
        string body = await RecordAsync(id, "parts", response);
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)!["parts"]![0]!["url"]!.GetValue<string>() : null;
    }

    public async Task<int> PutPartAsync(string id, string url)
    {
        using var response = await Storage.PutAsync(url, new ByteArrayContent(Part));
        await RecordAsync(id, "put-part", response);
        return (int)response.StatusCode;
    }

    public async Task<int> CompleteAsync(string id)
    {
        using var response = await api.PostAsync($"/v1/uploads/{id}/complete", null);
        await RecordAsync(id, "complete", response);
        return (int)response.StatusCode;
    }

    public async Task<int> AbortAsync(string id)
    {
        using var response = await api.DeleteAsync($"/v1/uploads/{id}");
        await RecordAsync(id, "abort", response);
        return (int)response.StatusCode;
    }

    /// <summary>Every answer a 4xx gave must say why (a problem document with a detail).</summary>
    public IEnumerable<RaceCall> RefusalsWithoutReason => Calls.Where(c =>
        c.Operation != "put-part" && c.Status is >= 400 and < 500 && !c.Body.Contains("\"detail\"", StringComparison.Ordinal));

    private async Task<string> RecordAsync(string id, string operation, HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Calls.Enqueue(new RaceCall(id, operation, (int)response.StatusCode, body.Length > 300 ? body[..300] : body));
        return body;
    }

    private static async Task<string> EnsureAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
    }
}
