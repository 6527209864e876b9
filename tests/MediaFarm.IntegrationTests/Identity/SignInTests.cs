using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Identity;

/// <summary>Sign-in, refresh rotation, sign-out and token checks against the real standalone host.</summary>
[Collection("standalone")]
public sealed class SignInTests(StandaloneHostFixture fixture)
{
    private HostProcess Host => fixture.Host;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_get_the_same_answer()
    {
        using var account = await Host.CreateAccountAsync(["viewer"]);
        using var anonymous = Host.AnonymousClient();
        var wrong = await PostAsync(anonymous, "/v1/auth/token", new { email = account.Email, password = "not-the-password" });
        var unknown = await PostAsync(anonymous, "/v1/auth/token", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(wrong.Body!["detail"]!.ToString(), unknown.Body!["detail"]!.ToString());
    }

    [Fact]
    public async Task Sign_in_stamps_last_login_and_emails_compare_case_insensitively()
    {
        using var account = await Host.CreateAccountAsync(["viewer"]);
        using var anonymous = Host.AnonymousClient();
        string token = await anonymous.SignInAsync(account.Email.ToUpperInvariant(), account.Password);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = JsonNode.Parse(await anonymous.GetStringAsync("/v1/me"))!;
        Assert.True(DateTimeOffset.Parse(me["profile"]!["lastLoginDate"]!.ToString()) > DateTimeOffset.UtcNow.AddMinutes(-2));

        var duplicate = await PostAsync(Host.Client, "/v1/users", new
        {
            password = "another-long-password",
            roles = new[] { "viewer" },
            profile = new { email = account.Email.ToUpperInvariant(), firstName = "A", lastName = "B", countryCode = "FR" },
        });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_reused_one_revokes_its_session()
    {
        using var account = await Host.CreateAccountAsync(["viewer"]);
        using var anonymous = Host.AnonymousClient();
        var signIn = await PostAsync(anonymous, "/v1/auth/token", new { email = account.Email, password = account.Password });
        string first = signIn.Body!["refreshToken"]!.ToString();

        var rotated = await PostAsync(anonymous, "/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        string second = rotated.Body!["refreshToken"]!.ToString();
        Assert.NotEqual(first, second);

        var replay = await PostAsync(anonymous, "/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.Contains("already used", replay.Body!["detail"]!.ToString());
        // The replay revoked the session: the successor is dead too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/v1/auth/refresh", new { refreshToken = second })).Status);
    }

    [Fact]
    public async Task Signing_out_revokes_the_refresh_token()
    {
        using var account = await Host.CreateAccountAsync(["viewer"]);
        using var anonymous = Host.AnonymousClient();
        var signIn = await PostAsync(anonymous, "/v1/auth/token", new { email = account.Email, password = account.Password });
        string refresh = signIn.Body!["refreshToken"]!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(anonymous, "/v1/auth/revoke", new { refreshToken = refresh })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/v1/auth/refresh", new { refreshToken = refresh })).Status);
    }

    [Fact]
    public async Task Expired_tampered_and_foreign_tokens_are_refused()
    {
        using var account = await Host.CreateAccountAsync(["viewer", "uploader"]);
        using var client = Host.AnonymousClient();
        byte[] key = ForgedTokens.HostKey(Host);

        async Task<HttpStatusCode> MeWith(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await MeWith(account.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWith(ForgedTokens.Sign(key, account.UserId, ["viewer"], DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5))));
        Assert.Equal(HttpStatusCode.OK, await MeWith(ForgedTokens.Sign(key, account.UserId, ["viewer"], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWith(ForgedTokens.Sign(new byte[32], account.UserId, ["viewer"], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWith(ForgedTokens.Tampered(account.AccessToken)));
    }

    [Fact]
    public async Task Api_keys_act_with_their_roles_until_revoked()
    {
        using var uploader = await Host.CreateAccountAsync(["viewer", "uploader"]);
        var created = await PostAsync(uploader.Client, "/v1/me/api-keys", new { name = "ci", roles = new[] { "uploader" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        string key = created.Body!["key"]!.ToString();
        string id = created.Body!["id"]!.ToString();

        using var machine = Host.AnonymousClient();
        machine.DefaultRequestHeaders.Add("X-Api-Key", key);
        using (var list = await machine.GetAsync("/v1/assets"))
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var admin = await machine.GetAsync("/v1/users"))
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);

        var keys = JsonNode.Parse(await uploader.Client.GetStringAsync("/v1/me/api-keys"))!.AsArray();
        var listed = keys.Single(k => k!["id"]!.ToString() == id)!;
        Assert.NotNull(listed["lastUsedAt"]);
        Assert.DoesNotContain(key.Split('_')[2], listed.ToJsonString());

        // A key may not be scoped above its owner's roles.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(uploader.Client, "/v1/me/api-keys", new { name = "x", roles = new[] { "admin" } })).Status);

        using (var revoke = await uploader.Client.DeleteAsync($"/v1/me/api-keys/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var after = await machine.GetAsync("/v1/assets"))
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_for_admins_who_may_sign_in_with_basic()
    {
        using var viewer = await Host.CreateAccountAsync(["viewer"]);
        using var anonymous = Host.AnonymousClient();
        using (var closed = await anonymous.GetAsync("/hangfire"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
            Assert.Contains(closed.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        }
        using (var forbidden = await viewer.Client.GetAsync("/hangfire"))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Host.AdminEmail}:{Host.AdminPassword}")));
        using (var open = await anonymous.SendAsync(basic))
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }
}
