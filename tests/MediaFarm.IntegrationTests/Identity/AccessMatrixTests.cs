using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MediaFarm.Testing;
using Xunit.Abstractions;

namespace MediaFarm.IntegrationTests.Identity;

/// <summary>
/// Walks the OpenAPI document and calls every operation as every kind of caller. An operation missing
/// from <see cref="Documented"/> fails the test, so a new endpoint cannot slip through unprotected.
/// </summary>
[Collection("standalone")]
public sealed class AccessMatrixTests(StandaloneHostFixture fixture, ITestOutputHelper output)
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,
        /// <summary>Anyone, but only with a valid playback token in the path (none here: 403 for all).</summary>
        PlaybackToken,
        /// <summary>Any signed-in role.</summary>
        Viewer,
        Uploader,
        /// <summary>Uploaders, on their own resources only (others get 404, as for unknown ids); admins on all.</summary>
        Owner,
        Admin,
    }

    /// <summary>The documented access of every operation ("METHOD /template").</summary>
    private static readonly Dictionary<string, Access> Documented = new()
    {
        ["POST /v1/auth/token"] = Access.Public,
        ["POST /v1/auth/refresh"] = Access.Public,
        ["POST /v1/auth/revoke"] = Access.Public,
        ["POST /v1/auth/register"] = Access.Public,
        ["GET /v1/me"] = Access.Viewer,
        ["PATCH /v1/me"] = Access.Viewer,
        ["GET /v1/me/api-keys"] = Access.Viewer,
        ["POST /v1/me/api-keys"] = Access.Viewer,
        ["DELETE /v1/me/api-keys/{id}"] = Access.Viewer,
        ["GET /v1/me/notifications"] = Access.Viewer,
        ["GET /v1/me/titles"] = Access.Uploader,
        ["GET /v1/users"] = Access.Admin,
        ["POST /v1/users"] = Access.Admin,
        ["GET /v1/users/{id}"] = Access.Admin,
        ["PATCH /v1/users/{id}"] = Access.Admin,
        ["PUT /v1/users/{id}/roles"] = Access.Admin,
        ["DELETE /v1/users/{id}"] = Access.Admin,
        ["GET /v1/titles"] = Access.Viewer,
        ["GET /v1/titles/{id}"] = Access.Viewer,
        ["POST /v1/titles"] = Access.Uploader,
        ["PATCH /v1/titles/{id}"] = Access.Owner,
        ["DELETE /v1/titles/{id}"] = Access.Owner,
        ["GET /v1/playback/{titleId}"] = Access.Viewer,
        ["POST /v1/playback/{titleId}/clearkey"] = Access.Viewer,
        ["POST /v1/playback/sessions/{sessionId}/heartbeat"] = Access.Viewer,
        ["GET /v1/analytics/titles"] = Access.Admin,
        ["GET /v1/analytics/titles/{titleId}"] = Access.Admin,
        ["GET /v1/analytics/cdns"] = Access.Admin,
        ["GET /v1/analytics/countries"] = Access.Admin,
        ["GET /media/t/{token}/{assetId}/{path}"] = Access.PlaybackToken,
        ["HEAD /media/t/{token}/{assetId}/{path}"] = Access.PlaybackToken,
        ["POST /v1/assets"] = Access.Uploader,
        ["GET /v1/assets"] = Access.Uploader,
        ["GET /v1/assets/{id}"] = Access.Owner,
        ["GET /v1/assets/{id}/log"] = Access.Owner,
        ["GET /v1/assets/{id}/playback"] = Access.Owner,
        ["POST /v1/assets/{id}/clearkey"] = Access.Owner,
        ["DELETE /v1/assets/{id}"] = Access.Owner,
        ["GET /v1/assets/{id}/cdn"] = Access.Owner,
        ["POST /v1/assets/{id}/cdn/republish"] = Access.Owner,
        ["GET /v1/cdns"] = Access.Admin,
        ["GET /v1/me/resume/{titleId}"] = Access.Viewer,
        ["PUT /v1/me/resume/{titleId}"] = Access.Viewer,
        ["GET /v1/me/continue-watching"] = Access.Viewer,
        ["GET /v1/admin/viewer-data"] = Access.Admin,
        ["POST /v1/admin/viewer-data/masters"] = Access.Admin,
        ["POST /v1/admin/viewer-data/masters/{nodeId}/drain"] = Access.Admin,
        ["GET /v1/me/recommendations"] = Access.Viewer,
        ["GET /v1/titles/{id}/similar"] = Access.Viewer,
        ["POST /v1/titles/{id}/rating"] = Access.Viewer,
        ["POST /v1/webhooks"] = Access.Uploader,
        ["GET /v1/webhooks"] = Access.Uploader,
        ["GET /v1/webhooks/{id}"] = Access.Owner,
        ["DELETE /v1/webhooks/{id}"] = Access.Owner,
        ["GET /v1/webhooks/{id}/deliveries"] = Access.Owner,
        ["POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver"] = Access.Owner,
        ["POST /v1/uploads"] = Access.Uploader,
        ["GET /v1/uploads/{id}"] = Access.Owner,
        ["POST /v1/uploads/{id}/parts"] = Access.Owner,
        ["POST /v1/uploads/{id}/complete"] = Access.Owner,
        ["DELETE /v1/uploads/{id}"] = Access.Owner,
        ["GET /v1/farm/nodes"] = Access.Admin,
        ["GET /v1/farm/placement/{assetId}"] = Access.Admin,
    };

    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Every_operation_answers_every_caller_as_documented()
    {
        var operations = await OperationsAsync();
        Assert.Empty(operations.Where(o => !Documented.ContainsKey(o)).Select(o => $"undocumented operation: {o}"));
        Assert.Empty(Documented.Keys.Where(k => !operations.Contains(k)).Select(k => $"documented but not in the OpenAPI document: {k}"));

        var world = await World.CreateAsync(Host);
        var failures = new List<string>();
        // Destructive calls go last, and resources before what they depend on.
        var ordered = operations.OrderBy(o => o.StartsWith("DELETE ") ? 1 : 0)
            .ThenBy(o => o.Contains("/titles") ? 0 : o.Contains("/uploads") ? 1 : o.Contains("/assets") ? 2 : 3);
        foreach (string operation in ordered)
        {
            var access = Documented[operation];
            foreach (var caller in world.Callers)
            {
                var status = await world.CallAsync(operation, caller);
                string? wrong = Judge(access, caller.Kind, status, operation.StartsWith("DELETE "));
                if (wrong is not null)
                    failures.Add($"{operation} as {caller.Kind}: {(int)status} ({wrong})");
            }
        }
        foreach (string failure in failures)
            output.WriteLine(failure);
        Assert.Empty(failures);
    }

    /// <summary>Null when <paramref name="status"/> is what the documented access promises that caller.</summary>
    private static string? Judge(Access access, CallerKind caller, HttpStatusCode status, bool deletes)
    {
        bool refusedUnauthenticated = status == HttpStatusCode.Unauthorized;
        bool forbidden = status == HttpStatusCode.Forbidden;
        if (status >= HttpStatusCode.InternalServerError)
            return "a server error";
        if (access == Access.PlaybackToken)
            return forbidden ? null : "a path without a valid playback token must be refused with 403";
        if (access == Access.Public)
            return refusedUnauthenticated || forbidden ? "public, yet refused" : null;
        bool anonymousLike = caller is CallerKind.Anonymous or CallerKind.ExpiredJwt or CallerKind.TamperedJwt or CallerKind.RevokedApiKey;
        if (anonymousLike)
            return refusedUnauthenticated ? null : "expected 401";
        int rank = caller switch { CallerKind.Viewer => 0, CallerKind.OtherUploader or CallerKind.Owner => 1, _ => 2 };
        int needed = access switch { Access.Viewer => 0, Access.Uploader or Access.Owner => 1, _ => 2 };
        if (rank < needed)
            return forbidden ? null : "expected 403";
        if (refusedUnauthenticated || forbidden)
            return "allowed, yet refused";
        if (access == Access.Owner && caller == CallerKind.OtherUploader)
            return status == HttpStatusCode.NotFound ? null : "another uploader's resource must answer 404";
        if (access == Access.Owner && status == HttpStatusCode.NotFound && !(deletes && caller == CallerKind.Owner))
            return "the owner (or an admin) must find the resource";
        return null;
    }

    /// <summary>Operations that take only multipart bodies (the matrix sends them an empty form, others "{}").</summary>
    private static readonly HashSet<string> Multipart = [];

    private async Task<HashSet<string>> OperationsAsync()
    {
        using var anonymous = Host.AnonymousClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var operations = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject().Where(p => p.Key is "get" or "post" or "put" or "patch" or "delete" or "head"))
            {
                string name = $"{method.ToUpperInvariant()} {path}";
                operations.Add(name);
                if (operation?["requestBody"]?["content"] is JsonObject content && content.All(c => c.Key == "multipart/form-data"))
                    Multipart.Add(name);
            }
        return operations;
    }

    private enum CallerKind { Anonymous, ExpiredJwt, TamperedJwt, RevokedApiKey, Viewer, OtherUploader, Owner, Admin }

    private sealed record Caller(CallerKind Kind, Action<HttpRequestMessage> Sign);

    /// <summary>The callers and the resources (owned by one uploader) the operations are called on.</summary>
    private sealed class World
    {
        private readonly HostProcess _host;
        private readonly Dictionary<string, string> _ids = new();

        private World(HostProcess host) => _host = host;

        public List<Caller> Callers { get; } = [];

        public static async Task<World> CreateAsync(HostProcess host)
        {
            var world = new World(host);
            var viewer = await host.CreateAccountAsync(["viewer"]);
            var other = await host.CreateAccountAsync(["viewer", "uploader"]);
            var owner = await host.CreateAccountAsync(["viewer", "uploader"]);
            var victim = await host.CreateAccountAsync(["viewer"]);

            var key = await owner.Client.PostAsJsonAsync("/v1/me/api-keys", new { name = "revoked", roles = new[] { "uploader" } });
            var created = JsonNode.Parse(await key.Content.ReadAsStringAsync())!;
            (await owner.Client.DeleteAsync($"/v1/me/api-keys/{created["id"]}")).EnsureSuccessStatusCode();
            string revokedKey = created["key"]!.ToString();

            // A webhook endpoint (on a closed loopback port: its deliveries fail and wait) with one delivery.
            var (webhook, _) = await owner.Client.RegisterWebhookAsync("http://127.0.0.1:9/hooks", ["asset.uploaded"]);
            string assetId = await owner.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(3, 320, 240));
            await owner.Client.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(2));
            var title = await owner.Client.PostAsJsonAsync("/v1/titles", new { assetId, title = "Access matrix", genres = new[] { "drama" }, contentRating = "PG" });
            string titleBody = await title.Content.ReadAsStringAsync();
            Assert.True(title.StatusCode == HttpStatusCode.Created, titleBody);
            var upload = await owner.Client.PostAsJsonAsync("/v1/uploads", new { fileName = "a.mp4", size = 1024 });
            string uploadBody = await upload.Content.ReadAsStringAsync();
            Assert.True(upload.StatusCode == HttpStatusCode.Created, uploadBody);

            world._ids["assets"] = assetId;
            world._ids["titles"] = JsonNode.Parse(titleBody)!["id"]!.ToString();
            world._ids["uploads"] = JsonNode.Parse(uploadBody)!["id"]!.ToString();
            world._ids["users"] = victim.UserId.ToString();
            world._ids["webhooks"] = webhook;
            world._ids["deliveries"] = await FirstDeliveryAsync(owner.Client, webhook);

            Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            string admin = await host.AnonymousClient().SignInAsync(host.AdminEmail, host.AdminPassword);
            world.Callers.AddRange(
            [
                new(CallerKind.Anonymous, _ => { }),
                new(CallerKind.ExpiredJwt, Bearer(ForgedTokens.Expired(host, owner.UserId, ["viewer", "uploader"]))),
                new(CallerKind.TamperedJwt, Bearer(ForgedTokens.Tampered(viewer.AccessToken))),
                new(CallerKind.RevokedApiKey, r => r.Headers.Add("X-Api-Key", revokedKey)),
                new(CallerKind.Viewer, Bearer(viewer.AccessToken)),
                new(CallerKind.OtherUploader, Bearer(other.AccessToken)),
                new(CallerKind.Admin, Bearer(admin)),
                new(CallerKind.Owner, Bearer(owner.AccessToken)),
            ]);
            return world;
        }

        private static async Task<string> FirstDeliveryAsync(HttpClient owner, string webhook)
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                if (await owner.DeliveriesAsync(webhook) is [{ } delivery, ..])
                    return delivery["id"]!.ToString();
            }
            throw new TimeoutException("The asset.uploaded delivery did not appear in the webhook's log.");
        }

        public async Task<HttpStatusCode> CallAsync(string operation, Caller caller)
        {
            string[] parts = operation.Split(' ', 2);
            string path = parts[1]
                .Replace("{token}", "not-a-token")
                .Replace("{assetId}", _ids["assets"])
                .Replace("{titleId}", _ids["titles"])
                .Replace("{path}", "master.m3u8")
                .Replace("{deliveryId}", _ids["deliveries"])
                .Replace("{sessionId}", Guid.NewGuid().ToString())
                .Replace("{nodeId}", "0000000000000000000000000000000000000000");
            string resource = path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, var group, ..] ? group : "";
            path = path.Replace("{id}", resource == "me" ? "0000000000000000" : _ids.GetValueOrDefault(resource, Guid.NewGuid().ToString()));
            using var request = new HttpRequestMessage(new HttpMethod(parts[0]), path);
            if (Multipart.Contains(operation))
                request.Content = new MultipartFormDataContent();
            else if (parts[0] is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            caller.Sign(request);
            using var anonymous = _host.AnonymousClient();
            using var response = await anonymous.SendAsync(request);
            return response.StatusCode;
        }
    }
}
