using System.Security.Claims;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Indicators.Api.Storage;
using Microsoft.Net.Http.Headers;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Fhir;

/// <summary>
/// MeasureReports sent to the service, saved as submitted values through the bulk load every other channel uses
/// (the shared value checks, the key's unit scope, the audited write), all or nothing.
/// </summary>
public static class FhirValueWrite
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>The body as a FHIR resource, or the OperationOutcome saying why it is not one.</summary>
    public static async Task<(Resource? Resource, FhirResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
        if (mediaType is not (FhirResult.ContentType or "application/json"))
        {
            return (null, FhirResult.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Send the resource as {FhirResult.ContentType}."));
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        var json = body.GetBuffer().AsMemory(0, (int)body.Length);
        try
        {
            var first = new Utf8JsonReader(json.Span);
            if (!first.Read() || first.TokenType != JsonTokenType.StartObject)
            {
                return (null, FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, "The body must be a FHIR resource: a JSON object with a resourceType."));
            }
            var reader = new Utf8JsonReader(json.Span);
            if (Deserializer.TryDeserializeResource(ref reader, out var resource, out var issues)) return (resource, null);
            return (null, FhirResult.Outcome(StatusCodes.Status400BadRequest,
                issues.Take(100).Select(i => (OperationOutcome.IssueType.Structure, (string?)null, i.Message))));
        }
        catch (JsonException e)
        {
            return (null, FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, "The body is not JSON: " + e.Message));
        }
    }

    /// <summary>
    /// Saves the reports as values; the OperationOutcome of a refusal names each fault by FHIRPath. The outcome's
    /// warnings are numbered by report, not by value.
    /// </summary>
    /// <param name="path">The FHIRPath of a report: <c>MeasureReport</c>, or <c>Bundle.entry[2].resource</c>.</param>
    public static async Task<(ImportOutcome Outcome, FhirResult? Error)> SaveAsync(IReadOnlyList<MeasureReport> reports, Func<int, string> path, string? reason,
        ClaimsPrincipal user, Database database, UnitDirectory directory, ReportablePeriods periods, CancellationToken ct)
    {
        // A report carries a total, its strata or both: each is a value of its own, named by its report's path and its own.
        var read = reports.SelectMany((report, i) => FhirMeasureReports.ToInputs(report).Select(value => (Report: i, Value: value))).ToList();
        string PathOf(int index, string field) => path(read[index].Report) + read[index].Value.PathOf(field);
        var readErrors = read.SelectMany((r, i) => r.Value.Errors.Select(e => new ValueError(i, e.Field, e.Message))).ToList();
        var outcome = await ValueImport.RunAsync(read.Select(r => r.Value.Input).ToList(), readErrors, new ImportOptions(Atomic: true, DryRun: false, reason),
            i => path(read[i].Report), user, database, directory, periods, ct);
        if (!outcome.Failed) return (outcome with { Warnings = [.. outcome.Warnings.Select(w => w with { Index = read[w.Index].Report })] }, null);

        var refusals = outcome.Conflicts.Select(c => c.Refusal).ToHashSet();
        var status = refusals.All(r => r == ImportRefusal.OutOfScope) ? StatusCodes.Status403Forbidden
            : refusals.Contains(ImportRefusal.Locked) ? StatusCodes.Status409Conflict
            : StatusCodes.Status422UnprocessableEntity;
        // A fault of the report itself (its measure, subject or period) is found once for each of its values: named once.
        return (outcome, FhirResult.Outcome(status, outcome.Conflicts.Select(c => (
            c.Refusal switch
            {
                ImportRefusal.OutOfScope => OperationOutcome.IssueType.Forbidden,
                ImportRefusal.Locked => OperationOutcome.IssueType.Conflict,
                ImportRefusal.NeedsReason => OperationOutcome.IssueType.BusinessRule,
                _ => OperationOutcome.IssueType.Invalid,
            },
            (string?)PathOf(c.Index, c.Field),
            c.Message)).Distinct()));
    }

    /// <summary>
    /// What was saved, as an informational OperationOutcome, with a warning for each total that differs from the sum of
    /// a complete disaggregation; for one <paramref name="report"/> of a transaction, only that report's warnings.
    /// </summary>
    /// <param name="path">The FHIRPath of a report, by its index.</param>
    public static OperationOutcome Saved(ImportOutcome outcome, Func<int, string> path, int? report = null) => new()
    {
        Issue =
        [
            .. report is null ? [new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = $"Saved as submitted values: {outcome.Result.Imported} created, {outcome.Result.Updated} updated, {outcome.Result.Unchanged} unchanged.",
            }] : Array.Empty<OperationOutcome.IssueComponent>(),
            .. outcome.Warnings.Where(w => report is null || w.Index == report).Select(w => new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Warning,
                Code = OperationOutcome.IssueType.BusinessRule,
                Diagnostics = $"{w.Indicator} {w.Unit} {w.Period}: {w.Message}",
                Expression = [path(w.Index) + ".group[0]"],
            }),
        ],
    };
}
