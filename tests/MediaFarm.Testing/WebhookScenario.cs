using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>Registering a webhook endpoint and reading its delivery log, as a customer's script would.</summary>
public static class WebhookScenario
{
    public static readonly string[] AllEvents = ["asset.uploaded", "asset.ready", "asset.failed", "asset.deleted", "title.published"];

    /// <summary>Registers <paramref name="url"/> for <paramref name="events"/>; returns the endpoint id and its secret (shown once).</summary>
    public static async Task<(string Id, string Secret)> RegisterWebhookAsync(this HttpClient http, string url, string[]? events = null)
    {
        using var response = await http.PostAsJsonAsync("/v1/webhooks", new { url, events = events ?? AllEvents });
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Registering a webhook answered {(int)response.StatusCode}: {body}");
        var created = JsonNode.Parse(body)!;
        return (created["id"]!.ToString(), created["secret"]!.ToString());
    }

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient http, string endpointId) =>
        JsonNode.Parse(await http.GetStringAsync($"/v1/webhooks/{endpointId}/deliveries"))!.AsArray();

    /// <summary>The status codes of each attempt of the delivery of <paramref name="eventType"/>, oldest first.</summary>
    public static int?[] AttemptStatuses(JsonArray deliveries, string eventType) =>
        deliveries.Single(d => d!["eventType"]!.ToString() == eventType)!["log"]!.AsArray()
            .Select(a => a!["statusCode"] is { } s ? (int?)s.GetValue<long>() : null).ToArray();
}
