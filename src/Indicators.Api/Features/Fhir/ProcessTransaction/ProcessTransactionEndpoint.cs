using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Fhir.ProcessTransaction;

public sealed class ProcessTransactionEndpoint(Database database, UnitDirectory directory, ReportablePeriods periods) : Endpoint<FhirWriteQuery, FhirResult>
{
    public override void Configure()
    {
        Post(ApiRoutes.Fhir);
        Group<FhirArea>();
        Policies(AccessPolicies.Report);
        DontThrowIfValidationFails();
        // The body is a FHIR Bundle (application/fhir+json), read with the FHIR parser, which answers a wrong media type with an OperationOutcome; only the query is bound.
        RequestBinder(new RequestBinder<FhirWriteQuery>(BindingSource.QueryParams));
        Description(b => b.WithName("ProcessFhirTransaction").ClearDefaultAccepts().WithBulkBodyLimit()
            .ProducesFhir(200, 400, 403, 409, 415, 422));
        Summary(s =>
        {
            s.Summary = "A transaction Bundle of summary MeasureReports (each entry POST MeasureReport), saved as submitted values all or nothing (reporter of the units, or admin).";
            s.Description = "The same checks, scope and audit as POST /api/v1/imports; one refused entry and nothing is written, and the OperationOutcome names every fault. "
                + "A correction of a submitted value needs the reason parameter. Answers a transaction-response Bundle.";
        });
    }

    public override async Task<FhirResult> ExecuteAsync(FhirWriteQuery query, CancellationToken ct)
    {
        if (ValidationFailed) return FhirResult.Invalid(ValidationFailures);
        var (resource, error) = await FhirValueWrite.ReadAsync(HttpContext.Request, ct);
        if (error is not null) return error;
        if (resource is not Bundle { Type: Bundle.BundleType.Transaction } bundle)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, "Expected a Bundle of type transaction.");
        }
        var faults = bundle.Entry.Select((entry, i) => (entry, i))
            .Where(e => e.entry.Resource is not MeasureReport || e.entry.Request?.Method is not Bundle.HTTPVerb.POST || e.entry.Request.Url?.TrimStart('/') != "MeasureReport")
            .Select(e => (OperationOutcome.IssueType.NotSupported, (string?)$"Bundle.entry[{e.i}]", "Each entry must be a MeasureReport with request POST MeasureReport."))
            .ToList();
        if (faults.Count > 0) return FhirResult.Outcome(StatusCodes.Status400BadRequest, faults);

        var reports = bundle.Entry.Select(e => (MeasureReport)e.Resource!).ToList();
        string Path(int i) => $"Bundle.entry[{i}].resource";
        var (outcome, refusal) = await FhirValueWrite.SaveAsync(reports, Path, query.AuditReason(), User, database, directory, periods, ct);
        // Values are saved like a PUT of (measure, subject, period): created or replaced, so each entry answers 200,
        // with the sum warnings of its own values.
        return refusal ?? new FhirResult(new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Entry = reports.Select((_, i) => new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = "200 OK",
                    Outcome = outcome.Warnings.Any(w => w.Index == i) ? FhirValueWrite.Saved(outcome, Path, i) : null,
                },
            }).ToList(),
        });
    }
}
