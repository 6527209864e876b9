using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>An account made for a test through the admin API, with a client signed in as it.</summary>
public sealed record TestAccount(Guid UserId, string Email, string Password, string AccessToken, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

public static class TestAccounts
{
    /// <summary>Creates an account with the given roles (and profile fields) as the host's admin, then signs it in.</summary>
    public static async Task<TestAccount> CreateAccountAsync(this HostProcess host, string[] roles, string plan = "premium",
        string status = "active", JsonObject? profile = null)
    {
        string email = $"user-{Guid.NewGuid():N}@example.com";
        string password = "pw-" + Guid.NewGuid().ToString("N");
        var document = profile is null ? new JsonObject() : (JsonObject)profile.DeepClone();
        document["email"] ??= email;
        document["firstName"] ??= "Test";
        document["lastName"] ??= "Viewer";
        document["countryCode"] ??= "DE";
        document["accountStatus"] = status;
        document["subscriptionPlan"] = plan;
        email = (string)document["email"]!;
        using var response = await host.Client.PostAsJsonAsync("/v1/users", new { password, roles, profile = document });
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating a test account answered {(int)response.StatusCode}: {body}");
        var userId = Guid.Parse(JsonNode.Parse(body)!["profile"]!["userId"]!.GetValue<string>());
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        string token = await client.SignInAsync(email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestAccount(userId, email, password, token, client);
    }

    /// <summary>A client with no credentials, on the host's address.</summary>
    public static HttpClient AnonymousClient(this HostProcess host) =>
        new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
}
