using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using MediaFarm.Core;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Tests.Catalog;

/// <summary>
/// The catalog endpoints on Kestrel (loopback) over SQLite, as a host would map them. Identity and the
/// asset and user services are the lead's: here a header names the caller ("X-Test-User: id role"),
/// and ownership and viewer profiles are tables the test fills.
/// </summary>
public sealed class CatalogApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<Guid, Guid> AssetOwners { get; } = new();
    public ConcurrentDictionary<Guid, ViewerContext> Viewers { get; } = new();
    public IMetadataDatabase Database { get; }
    public HttpClient Client { get; }

    private CatalogApiHost(WebApplication app, IMetadataDatabase database, string address)
    {
        _app = app;
        Database = database;
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public static async Task<CatalogApiHost> StartAsync()
    {
        var database = new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-catalog-api-").FullName, "mediafarm.db"));
        await new Infrastructure.Metadata.Migrations.MigrationRunner(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<Infrastructure.Metadata.Migrations.MigrationRunner>.Instance).MigrateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMetadataDatabase>(database);
        builder.Services.AddCatalog(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Metadata"] = "Sqlite" }).Build());
        builder.Services.AddSingleton<TestDirectory>();
        builder.Services.AddSingleton<IAssetOwnership>(sp => sp.GetRequiredService<TestDirectory>());
        builder.Services.AddSingleton<IViewerDirectory>(sp => sp.GetRequiredService<TestDirectory>());
        builder.Services.AddAuthentication(HeaderAuthentication.Name).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Viewer, p => p.RequireRole(Roles.All))
            .AddPolicy(AccessPolicies.Uploader, p => p.RequireRole(Roles.Uploader, Roles.Admin))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(Roles.Admin));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => MediaFarmJson.Configure(o.SerializerOptions));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCatalogEndpoints();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new CatalogApiHost(app, database, address);
        var directory = app.Services.GetRequiredService<TestDirectory>();
        directory.Host = host;
        return host;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, Guid? user = null, string role = Roles.Viewer, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is { } id)
            request.Headers.Add(HeaderAuthentication.Header, $"{id} {role}");
        if (json is not null)
            request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        return request;
    }

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TestDirectory : IAssetOwnership, IViewerDirectory
    {
        public CatalogApiHost Host { get; set; } = null!;

        public Task<bool> IsOwnerAsync(Guid assetId, Guid userId, CancellationToken ct) =>
            Task.FromResult(Host.AssetOwners.TryGetValue(assetId, out var owner) && owner == userId);

        public Task<ViewerContext?> GetViewerAsync(Guid userId, CancellationToken ct) => Task.FromResult(Host.Viewers.GetValueOrDefault(userId));
    }

    /// <summary>"X-Test-User: {user id} {role}"; no header, no identity (the endpoints answer 401).</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "Test";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].FirstOrDefault()?.Split(' ') is not [var id, var role])
                return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
