using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Fhir.CreateMeasureReport;

public sealed class CreateMeasureReportEndpoint(Database database, UnitDirectory directory, ReportablePeriods periods) : Endpoint<FhirWriteQuery, FhirResult>
{
    public override void Configure()
    {
        Post(ApiRoutes.FhirMeasureReports);
        Group<FhirArea>();
        Policies(AccessPolicies.Report);
        DontThrowIfValidationFails();
        // The body is a FHIR resource (application/fhir+json), read with the FHIR parser, which answers a wrong media type with an OperationOutcome; only the query is bound.
        RequestBinder(new RequestBinder<FhirWriteQuery>(BindingSource.QueryParams));
        Description(b => b.WithName("CreateFhirMeasureReport").ClearDefaultAccepts()
            .ProducesFhir(201, 200, 400, 403, 409, 415, 422));
        Summary(s =>
        {
            s.Summary = "Saves a summary MeasureReport (IHE mADX) as a submitted value of its measure, subject and period (reporter of the unit, or admin).";
            s.Description = "The same checks, scope and audit as POST /api/v1/imports. The first group's measure score (or numerator and denominator populations) is the total; "
                + "each stratum of its stratifiers a disaggregated value (its value an option of the category the stratifier's code names, or one component per category). A correction of a submitted value needs the reason parameter. "
                + "Answers an OperationOutcome: 201 when a value is new, 200 when they were updated or unchanged; a total that differs from the sum of a complete disaggregation of a sum indicator is a warning issue, and is saved.";
        });
    }

    public override async Task<FhirResult> ExecuteAsync(FhirWriteQuery query, CancellationToken ct)
    {
        if (ValidationFailed) return FhirResult.Invalid(ValidationFailures);
        var (resource, error) = await FhirValueWrite.ReadAsync(HttpContext.Request, ct);
        if (error is not null) return error;
        if (resource is not MeasureReport report)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"Expected a MeasureReport, got a {resource!.TypeName}.");
        }
        var (outcome, refusal) = await FhirValueWrite.SaveAsync([report], _ => "MeasureReport", query.AuditReason(), User, database, directory, periods, ct);
        return refusal ?? new FhirResult(FhirValueWrite.Saved(outcome, _ => "MeasureReport"), outcome.Result.Imported > 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
