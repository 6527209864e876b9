using System.Security.Claims;
using MediaFarm.Api.Ingest;
using MediaFarm.Services.Identity;
using MediaFarm.Core.Uploads;
using MediaFarm.Infrastructure.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaFarm.Api.Endpoints;

public sealed record UploadResponse(Guid Id, Guid AssetId, UploadStatus Status, long PartSize, int MaxParts, string PartsUrl, string CompleteUrl);

public sealed record PartsRequest(IReadOnlyList<int> PartNumbers);

public sealed record PartsResponse(IReadOnlyList<PresignedPart> Parts);

public sealed record UploadStateResponse(Guid Id, Guid AssetId, UploadStatus Status, long PartSize, long BytesReceived, IReadOnlyList<StoredPart> Parts);

/// <summary>/v1/uploads: direct, resumable uploads through presigned part URLs.</summary>
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/uploads").WithTags("Uploads").RequireAuthorization(AccessPolicies.Uploader);
        group.MapPost("/", StartAsync).RequireRateLimiting(AccessRegistration.UploadLimit).WithSummary("Start a resumable upload: returns its id and the part size to cut the file into");
        group.MapPost("/{id:guid}/parts", PartsAsync).WithSummary("Presigned PUT URLs for the given part numbers");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("The upload and the parts already stored (resume from here)");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithSummary("Join the parts and start the pipeline");
        group.MapDelete("/{id:guid}", AbortAsync).WithSummary("Abort the upload and drop its parts");
        app.MapPut(FileSystemDirectUploadStore.PartRoute + "/{uploadId}/{partNumber:int}", ReceivePartAsync)
            .ExcludeFromDescription()
            .AllowAnonymous() // the URL's own signature is the credential, as with S3's presigned URLs
            .RequireCors(IngestApiExtensions.PublicCorsPolicy);
        return app;
    }

    private static Task<IResult> StartAsync(StartUploadRequest body, ClaimsPrincipal user, DirectUploadService uploads, CancellationToken ct) =>
        Guard(async () =>
        {
            var s = await uploads.StartAsync(body, user.UserId(), ct);
            string self = $"/v1/uploads/{s.Id:N}";
            return TypedResults.Created(self, new UploadResponse(s.Id, s.AssetId, s.Status, s.PartSize, UploadSession.MaxParts, $"{self}/parts", $"{self}/complete"));
        });

    private static Task<IResult> PartsAsync(Guid id, PartsRequest body, HttpRequest request, ClaimsPrincipal user, DirectUploadService uploads, CancellationToken ct) =>
        Guard(async () =>
        {
            await uploads.EnsureAccessAsync(id, user.UserId(), user.IsAdmin(), ct);
            var parts = await uploads.PresignAsync(id, body.PartNumbers ?? [], ct);
            var absolute = parts.Select(p => p with { Url = Absolute(request, p.Url) }).ToArray();
            return TypedResults.Ok(new PartsResponse(absolute));
        });

    private static Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, DirectUploadService uploads, CancellationToken ct) =>
        Guard(async () =>
        {
            await uploads.EnsureAccessAsync(id, user.UserId(), user.IsAdmin(), ct);
            var state = await uploads.GetAsync(id, ct);
            var s = state.Session;
            return TypedResults.Ok(new UploadStateResponse(s.Id, s.AssetId, s.Status, s.PartSize, state.Parts.Sum(p => p.Size), state.Parts));
        });

    private static Task<IResult> CompleteAsync(Guid id, ClaimsPrincipal user, DirectUploadService uploads, CancellationToken ct) =>
        Guard(async () =>
        {
            await uploads.EnsureAccessAsync(id, user.UserId(), user.IsAdmin(), ct);
            var asset = await uploads.CompleteAsync(id, ct);
            string statusUrl = $"/v1/assets/{asset.Id:N}";
            return TypedResults.Accepted(statusUrl, new AssetAccepted(asset.Id, asset.Status, statusUrl));
        });

    private static Task<IResult> AbortAsync(Guid id, ClaimsPrincipal user, DirectUploadService uploads, CancellationToken ct) =>
        Guard(async () =>
        {
            await uploads.EnsureAccessAsync(id, user.UserId(), user.IsAdmin(), ct);
            await uploads.AbortAsync(id, ct);
            return TypedResults.NoContent();
        });

    /// <summary>The embedded backend's part receiver: what S3 itself does for presigned part URLs.</summary>
    private static async Task<IResult> ReceivePartAsync(string uploadId, int partNumber, long expires, string signature,
        HttpContext http, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<FileSystemDirectUploadStore>() is not { } store)
            return TypedResults.NotFound();
        if (partNumber is < 1 or > UploadSession.MaxParts || !store.IsValidSignature(uploadId, partNumber, expires, signature))
            return TypedResults.Problem("The part URL is invalid or has expired.", statusCode: StatusCodes.Status403Forbidden);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxPartBytes;
        try
        {
            string etag = await store.ReceivePartAsync(uploadId, partNumber, http.Request.Body, MaxPartBytes, ct);
            http.Response.Headers.ETag = $"\"{etag}\"";
            return TypedResults.Ok();
        }
        catch (UploadGoneException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
    }

    /// <summary>S3's largest part.</summary>
    private const long MaxPartBytes = 5L * 1024 * 1024 * 1024;

    // Checked by the leading '/', not Uri.TryCreate: on Unix "/v1/…" parses as an absolute file URI.
    private static string Absolute(HttpRequest request, string url) =>
        url.StartsWith('/') ? $"{request.Scheme}://{request.Host}{request.PathBase}{url}" : url;

    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (UploadRejectedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Upload refused");
        }
        catch (UploadGoneException e)
        {
            // The service answers from the session's state; this is the net for a race it did not foresee.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Upload refused");
        }
    }
}
