using System.Data.Common;
using System.Text.Json;
using Indicators.Api.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Turns exceptions into problem responses: unreadable request bodies into a 400 naming the field, an
/// unavailable or busy database into a 503 with Retry-After, anything else into a 500 without internals.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, Database database, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = BadRequest(bad);
                break;
            case DbException db:
                logger.LogWarning("Database error {Kind}: {Message}", db.GetType().Name, db.Message);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = database.Dialect.IsTransient(db) ? "The database is busy." : "The database is unavailable.",
                    Detail = "Try again shortly.",
                };
                httpContext.Response.Headers.RetryAfter = "2";
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled error");
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
                break;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        if (json is null)
        {
            return new ProblemDetails { Status = status, Title = status == 413 ? "The request body is too large." : "The request could not be read.", Detail = bad.Message };
        }
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$').TrimStart('.');
        var message = json.Message.Split(" Path:", 2)[0];
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
        };
        return problem;
    }
}
