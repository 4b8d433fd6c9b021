using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Indicators.Api.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Indicators.Api.Features.Fhir;

/// <summary>A FHIR resource answered as <c>application/fhir+json</c>.</summary>
public sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK) : IResult
{
    public const string ContentType = "application/fhir+json";

    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    /// <summary>Vietnamese names as they are (Quảng Ngãi), not as \u escapes; JSON's own escaping still applies.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public Resource Resource => resource;

    public int Status => status;

    /// <summary>Where a created resource can be found (a MeasureReport's search URL).</summary>
    public string? Location { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = ContentType + "; charset=utf-8";
        if (Location is not null) httpContext.Response.Headers.Location = Location;
        using var body = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(body, WriterOptions)) Serializer.Serialize(resource, writer);
        await httpContext.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), httpContext.RequestAborted);
    }

    /// <summary>An error: an OperationOutcome with one issue per message, each with its type and where it applies (a FHIRPath).</summary>
    public static FhirResult Outcome(int status, IEnumerable<(OperationOutcome.IssueType Code, string? Expression, string Message)> issues) =>
        new(new OperationOutcome
        {
            Issue = issues.Select(i => new OperationOutcome.IssueComponent
            {
                Severity = status < 400 ? OperationOutcome.IssueSeverity.Information : OperationOutcome.IssueSeverity.Error,
                Code = i.Code,
                Diagnostics = i.Message,
                Expression = i.Expression is null ? [] : [i.Expression],
            }).ToList(),
        }, status);

    public static FhirResult Outcome(int status, OperationOutcome.IssueType code, string message, string? expression = null) =>
        Outcome(status, [(code, expression, message)]);

    /// <summary>A 400 for query parameters that failed their checks.</summary>
    public static FhirResult Invalid(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        Outcome(StatusCodes.Status400BadRequest, failures.Select(f => (OperationOutcome.IssueType.Invalid, (string?)f.PropertyName, f.ErrorMessage)));
}

public static class FhirEndpoints
{
    /// <summary>Declares the answers of a FHIR endpoint; the OpenAPI document lists them as <c>application/fhir+json</c>.</summary>
    public static RouteHandlerBuilder ProducesFhir(this RouteHandlerBuilder builder, params int[] statuses)
    {
        builder.WithMetadata(FhirOutput.Instance);
        foreach (var status in statuses) builder.Produces(status, contentType: FhirResult.ContentType);
        return builder;
    }
}
