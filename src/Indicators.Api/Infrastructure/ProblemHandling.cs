using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Turns exceptions into problem responses: unreadable request bodies into a 400 naming the field, an
/// unavailable or busy database into a 503 with Retry-After, anything else into a 500 without internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, Database database, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = BadRequest(bad);
                break;
            case JsonException json:
                problem = InvalidJson(json);
                break;
            case DbException db:
                logger.LogWarning("Database error {Kind}: {Message}", db.GetType().Name, db.Message);
                var busy = database.Provider.IsTransient(db);
                // Busy is contention, which passes; anything else may have left pooled handles on a broken file.
                if (!busy) database.ResetConnections();
                Operations.Telemetry.Refused(busy ? "database_busy" : "database_unavailable");
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = busy ? "The database is busy." : "The database is unavailable.",
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
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        if (json is not null) return InvalidJson(json);
        return new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
            Detail = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Send the body as application/json." : bad.Message,
        };
    }

    private static HttpValidationProblemDetails InvalidJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$').TrimStart('.');
        return Invalid(field, JsonMessage(json), "The request body is not valid JSON for this endpoint.");
    }

    /// <summary>The message for a route or query value that does not parse as its parameter's type.</summary>
    public static string InvalidParameter(Type type, string value) =>
        $"'{value}' is not valid here: expected {Describe((Nullable.GetUnderlyingType(type) ?? type).FullName ?? type.Name)}.";

    private static HttpValidationProblemDetails Invalid(string field, string message, string title) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = StatusCodes.Status400BadRequest, Title = title };

    /// <summary>System.Text.Json names .NET types; clients need to know what to send instead.</summary>
    private static string JsonMessage(JsonException json)
    {
        var message = json.Message.Split(" Path:", 2)[0];
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)) return "This field is not part of the request; check its spelling.";
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)) return "This field appears more than once.";
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success) return $"The value must be {Describe(conversion.Groups["type"].Value)}.";
        return "The JSON is malformed or ends too early.";
    }

    private static string Describe(string type) => type switch
    {
        _ when EnumValues(type) is { } values => "one of: " + values,
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a JSON number (not a string, NaN or Infinity) within range",
        _ when type.Contains("Int", StringComparison.Ordinal) || type.Contains("int", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ when type.Contains("DateOnly", StringComparison.Ordinal) => "a date written yyyy-MM-dd",
        _ when type.Contains("String", StringComparison.OrdinalIgnoreCase) => "a string",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "an array",
        _ => "of the documented type",
    };

    private static string? EnumValues(string typeName)
    {
        var name = typeName.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']');
        var type = typeof(ProblemExceptionHandler).Assembly.GetType(name);
        return type is { IsEnum: true } ? string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)) : null;
    }

    [GeneratedRegex("could not be converted to (?<type>[^.]+(\\.[^ .]+)*)\\.?$")]
    private static partial Regex ConversionFailure();
}
