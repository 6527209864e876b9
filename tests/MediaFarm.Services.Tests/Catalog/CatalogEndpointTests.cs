using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Tests.Catalog;

/// <summary>/v1/titles and /v1/me/titles over HTTP: who may do what, 400s naming the field, 404s that reveal nothing.</summary>
public sealed class CatalogEndpointTests : IAsyncLifetime
{
    private CatalogApiHost _host = null!;
    private readonly Guid _uploader = Guid.NewGuid(), _otherUploader = Guid.NewGuid(), _viewer = Guid.NewGuid(), _admin = Guid.NewGuid();

    public async Task InitializeAsync() => _host = await CatalogApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Guid? user = null, string role = Roles.Viewer, string? json = null) =>
        await _host.Client.SendAsync(_host.Request(method, path, user, role, json));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>An asset of the uploader's with a title on it; returns the title id.</summary>
    private async Task<(Guid TitleId, Guid AssetId)> CreateAsync(string title, string rating = "PG", Guid? owner = null)
    {
        var assetId = Guid.CreateVersion7();
        _host.AssetOwners[assetId] = owner ?? _uploader;
        var response = await SendAsync(HttpMethod.Post, "/v1/titles", owner ?? _uploader, Roles.Uploader,
            $$"""{"assetId":"{{assetId}}","title":"{{title}}","genres":["Drama"],"contentRating":"{{rating}}","releaseYear":2001}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal($"/v1/titles/{body.GetProperty("id").GetGuid():N}", response.Headers.Location!.OriginalString);
        return (body.GetProperty("id").GetGuid(), assetId);
    }

    private async Task PublishAsync(Guid assetId)
    {
        var handler = _host.Service<IEnumerable<IIntegrationEventHandler>>().Single(h => h.Name == "catalog");
        Assert.True(await new EventInbox(_host.Database).ProcessAsync(handler,
            new AssetPublished { AssetId = assetId, HlsKey = "h", DashKey = "d", DurationSeconds = 60 }, default));
    }

    [Theory]
    [InlineData("GET", "/v1/titles")]
    [InlineData("GET", "/v1/titles/0195f3c4-7a10-7cc0-8000-000000000001")]
    [InlineData("POST", "/v1/titles")]
    [InlineData("PATCH", "/v1/titles/0195f3c4-7a10-7cc0-8000-000000000001")]
    [InlineData("DELETE", "/v1/titles/0195f3c4-7a10-7cc0-8000-000000000001")]
    [InlineData("GET", "/v1/me/titles")]
    public async Task Every_endpoint_needs_a_signed_in_caller(string method, string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(new HttpMethod(method), path, json: "{}")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/v1/titles")]
    [InlineData("PATCH", "/v1/titles/0195f3c4-7a10-7cc0-8000-000000000001")]
    [InlineData("DELETE", "/v1/titles/0195f3c4-7a10-7cc0-8000-000000000001")]
    [InlineData("GET", "/v1/me/titles")]
    public async Task Viewers_cannot_write_titles(string method, string path)
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(new HttpMethod(method), path, _viewer, Roles.Viewer, "{}")).StatusCode);
    }

    [Fact]
    public async Task A_title_is_hidden_until_its_asset_is_published_except_from_its_owner_and_admins()
    {
        var (id, assetId) = await CreateAsync("The Matrix");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _otherUploader, Roles.Uploader)).StatusCode);
        var own = await JsonAsync(await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _uploader, Roles.Uploader));
        Assert.False(own.GetProperty("published").GetBoolean());
        Assert.Equal(_uploader, own.GetProperty("ownerId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _admin, Roles.Admin)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles?q=matrix", _viewer))).GetProperty("total").GetInt64());

        await PublishAsync(assetId);
        var seen = await JsonAsync(await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _viewer));
        Assert.True(seen.GetProperty("published").GetBoolean());
        Assert.Equal(60, seen.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(["drama"], seen.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.False(seen.TryGetProperty("ownerId", out _)); // viewers are not told who uploaded it
        var found = await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles?q=matirx&genre=DRAMA", _viewer));
        Assert.Equal(1, found.GetProperty("total").GetInt64());
        Assert.Equal("matirx", found.GetProperty("corrections")[0].GetProperty("term").GetString());
    }

    [Fact]
    public async Task Parental_controls_hide_titles_rated_above_the_viewer_maximum()
    {
        var (family, familyAsset) = await CreateAsync("Paddington", "G");
        var (adult, adultAsset) = await CreateAsync("Pulp Fiction", "R");
        await PublishAsync(familyAsset);
        await PublishAsync(adultAsset);
        _host.Viewers[_viewer] = new ViewerContext(_viewer, "active", "basic", true, "PG", "US", []);

        var listed = await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles", _viewer));
        Assert.Equal(["Paddington"], listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v1/titles/{adult}", _viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v1/titles/{family}", _viewer)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles?rating=R", _viewer))).GetProperty("total").GetInt64());

        _host.Viewers[_viewer] = new ViewerContext(_viewer, "active", "basic", false, "PG", "US", []);
        Assert.Equal(2, (await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles", _viewer))).GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("""{"assetId":"ASSET","title":""}""", "title")]
    [InlineData("""{"assetId":"ASSET","title":"x","contentRating":"X"}""", "contentRating")]
    [InlineData("""{"assetId":"ASSET","title":"x","releaseYear":1800}""", "releaseYear")]
    [InlineData("""{"assetId":"ASSET","title":"x","genres":["a","b","c","d","e","f","g","h","i","j","k"]}""", "genres")]
    [InlineData("""{"assetId":"0195f3c4-7a10-7cc0-8000-000000000009","title":"x"}""", "assetId")] // not the caller's asset
    [InlineData("""{"assetId":"ASSET","title":"x""", "body")]
    public async Task An_invalid_create_is_a_400_naming_the_field(string json, string field)
    {
        var assetId = Guid.CreateVersion7();
        _host.AssetOwners[assetId] = _uploader;
        var response = await SendAsync(HttpMethod.Post, "/v1/titles", _uploader, Roles.Uploader, json.Replace("ASSET", assetId.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Another_uploaders_asset_is_refused_and_a_second_title_conflicts()
    {
        var (_, assetId) = await CreateAsync("Mine");
        var theirs = await SendAsync(HttpMethod.Post, "/v1/titles", _otherUploader, Roles.Uploader, $$"""{"assetId":"{{assetId}}","title":"Theirs"}""");
        Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
        var again = await SendAsync(HttpMethod.Post, "/v1/titles", _uploader, Roles.Uploader, $$"""{"assetId":"{{assetId}}","title":"Again"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_and_admins_change_or_delete_a_title()
    {
        var (id, assetId) = await CreateAsync("Old Name");
        await PublishAsync(assetId);
        const string rename = """{"title":"New Name","releaseYear":null}""";
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, $"/v1/titles/{id}", _otherUploader, Roles.Uploader, rename)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/v1/titles/{id}", _otherUploader, Roles.Uploader)).StatusCode);

        var bad = await SendAsync(HttpMethod.Patch, $"/v1/titles/{id}", _uploader, Roles.Uploader, """{"contentRating":"PG-15"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("contentRating", out _));

        var renamed = await JsonAsync(await SendAsync(HttpMethod.Patch, $"/v1/titles/{id}", _uploader, Roles.Uploader, rename));
        Assert.Equal("New Name", renamed.GetProperty("title").GetString());
        Assert.False(renamed.TryGetProperty("releaseYear", out _));
        Assert.Equal(1, (await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles?q=new", _viewer))).GetProperty("total").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/v1/titles/{id}", _admin, Roles.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v1/titles/{id}", _uploader, Roles.Uploader)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/titles?q=new", _viewer))).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task My_titles_are_the_callers_own_published_or_not()
    {
        var (_, published) = await CreateAsync("First");
        await PublishAsync(published);
        await CreateAsync("Second");
        await CreateAsync("Someone Else's", owner: _otherUploader);

        var mine = await JsonAsync(await SendAsync(HttpMethod.Get, "/v1/me/titles?pageSize=1", _uploader, Roles.Uploader));
        Assert.Equal(2, mine.GetProperty("total").GetInt64());
        Assert.Equal("Second", mine.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/v1/titles?rating=X", "rating")]
    [InlineData("/v1/titles?pageSize=0", "pageSize")]
    [InlineData("/v1/titles?pageSize=101", "pageSize")]
    [InlineData("/v1/titles?page=0", "page")]
    [InlineData("/v1/me/titles?page=0", "page")]
    public async Task Bad_search_parameters_are_a_400_naming_them(string path, string field)
    {
        var response = await SendAsync(HttpMethod.Get, path, _uploader, Roles.Uploader);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
