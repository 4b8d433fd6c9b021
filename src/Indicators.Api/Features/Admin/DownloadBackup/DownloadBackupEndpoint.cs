using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.DownloadBackup;

public sealed class DownloadBackupEndpoint(Database database, TimeProvider clock, ILogger<DownloadBackupEndpoint> logger)
    : EndpointWithoutRequest<Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public const string ContentType = "application/vnd.sqlite3";

    public override void Configure()
    {
        // Beside the keys' area, not under it: /api/v1/admin/backup.
        Get(ApiRoutes.Backup);
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("DownloadBackup").WithTags("Admin").Produces(StatusCodes.Status200OK, responseType: null, contentType: ContentType)
            .WithMetadata(new FileOutput(ContentType, "A SQLite database file."))
            .ProducesProblem(StatusCodes.Status501NotImplemented));
        Summary(s => s.Summary = "A consistent copy of the running SQLite database, checked with PRAGMA integrity_check (admin); 501 on a server engine, whose own backup tools apply.");
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        if (!BackupStore.Supports(database))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available for this database.",
                detail: "The service backs up SQLite only; use the database engine's own backup tools.");
        }
        var result = await BackupStore.WriteAsync(database, Path.Combine(Path.GetTempPath(), $"indicators-backup-{Guid.NewGuid():N}.db"), ct);
        logger.LogInformation("Backup of {Bytes} bytes taken in {Seconds:0.0} s for {Actor}", result.Bytes, result.Elapsed.TotalSeconds, User.Actor());
        // The temporary copy goes when the response stream is closed, sent or abandoned.
        var stream = new FileStream(result.File, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        return TypedResults.File(stream, ContentType, $"indicators-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.db");
    }
}
