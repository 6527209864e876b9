using MediaFarm.Api.Ingest;
using MediaFarm.Api.Player;
using MediaFarm.Services.Playback;

namespace MediaFarm.Api;

public static class IngestApiExtensions
{
    public const string PublicCorsPolicy = "public-media";

    /// <summary>Options, upload limits, CORS for players on other origins, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddIngestApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, "Ingest:MaxUploadBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<PlaybackOriginOptions>().Bind(builder.Configuration.GetSection(PlaybackOriginOptions.Section));
        builder.Services.AddPlaybackSigning(builder.Configuration);
        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddSingleton<DirectUploadService>();
        builder.Services.AddSingleton<PlayerAssets>();

        // The per-request limit is set by the upload endpoint; Kestrel's own default (30 MB) must not cut it first.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddCors(cors => cors.AddPolicy(PublicCorsPolicy, policy =>
            policy.AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "HEAD", "POST", "PUT").WithExposedHeaders("Content-Length", "Content-Range", "ETag")));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseIngestApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseCors();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
