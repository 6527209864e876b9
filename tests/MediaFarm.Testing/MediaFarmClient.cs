using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>The API calls tests make, over real HTTP.</summary>
public static class MediaFarmClient
{
    /// <summary>Signs in with a password; returns the access token (throws on anything but 200).</summary>
    public static async Task<string> SignInAsync(this HttpClient http, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/token")
        {
            Content = JsonContent.Create(new { email, password }),
        };
        request.Headers.Authorization = null;
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient http, string path, IDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            form.Add(new StringContent(value), name);
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(path));
        return await http.PostAsync("/v1/assets", form);
    }

    /// <summary>Uploads a file that must be accepted; returns the asset id.</summary>
    public static async Task<string> UploadAcceptedAsync(this HttpClient http, string path, IDictionary<string, string>? fields = null)
    {
        using var response = await http.UploadAsync(path, fields);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"Upload of {Path.GetFileName(path)} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public static async Task<JsonNode> GetAssetAsync(this HttpClient http, string id) =>
        JsonNode.Parse(await http.GetStringAsync($"/v1/assets/{id}"))!;

    /// <summary>Polls the asset until it is ready or failed (or the time is up) and returns it.</summary>
    public static async Task<JsonNode> WaitForFinishAsync(this HttpClient http, string id, TimeSpan timeout, Action<JsonNode>? onPoll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var asset = await http.GetAssetAsync(id);
            onPoll?.Invoke(asset);
            string status = asset["status"]!.GetValue<string>();
            if (status is "ready" or "failed")
                return asset;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Asset {id} still '{status}' after {timeout.TotalSeconds} s: {asset.ToJsonString()}");
            await Task.Delay(150);
        }
    }

    /// <summary>
    /// Polls the asset until <paramref name="condition"/> holds and returns it; fails naming <paramref name="what"/>
    /// when the asset finishes first or the time is up.
    /// </summary>
    public static async Task<JsonNode> WaitForAssetAsync(this HttpClient http, string id, Func<JsonNode, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var asset = await http.GetAssetAsync(id);
            if (condition(asset))
                return asset;
            if (asset["status"]!.GetValue<string>() is "ready" or "failed" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Waiting for {what}, asset {id} is: {asset.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonNode> WaitForReadyAsync(this HttpClient http, string id, TimeSpan timeout)
    {
        var asset = await http.WaitForFinishAsync(id, timeout);
        if (asset["status"]!.GetValue<string>() != "ready")
            throw new InvalidOperationException($"Asset {id} did not become ready: {asset.ToJsonString()}");
        return asset;
    }

    /// <summary>Polls /v1/farm/nodes until <paramref name="done"/> holds for the node list (45 s at most).</summary>
    public static async Task<List<JsonNode>> WaitForNodesAsync(this HttpClient http, Func<List<JsonNode>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var nodes = JsonNode.Parse(await http.GetStringAsync("/v1/farm/nodes"))!.AsArray().Select(n => n!).ToList();
            if (done(nodes))
                return nodes;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The farm shows {nodes.Count} node(s): {string.Join(", ", nodes.Select(n => n["node"]!["id"]))}");
            await Task.Delay(250);
        }
    }
}
