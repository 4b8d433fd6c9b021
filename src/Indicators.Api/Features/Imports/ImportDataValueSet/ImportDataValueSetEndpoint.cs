using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Features.Values;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

public sealed class ImportDataValueSetEndpoint(Database database, UnitDirectory directory, ReportablePeriods periods)
    : Endpoint<DataValueSetRequest, Results<Ok<DataValueSetImportResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("dataValueSets");
        Group<ImportsArea>();
        Policies(AccessPolicies.Report);
        Description(b => b.WithName("ImportDataValueSet").ProducesProblem(StatusCodes.Status409Conflict).WithBulkBodyLimit());
        Summary(s =>
        {
            s.Summary = "DHIS2-compatible import of {\"dataValues\": [{dataElement, period, orgUnit, value, comment}]} with indicator codes and unit ids or codes (reporter of the units, or admin).";
            s.Description = "As in DHIS2 the valid values are imported and the rest reported as conflicts; values land as submitted. "
                + "importStrategy: CREATE_AND_UPDATE (default), CREATE, UPDATE or DELETE. dryRun=true writes nothing. "
                + "When nothing could be imported the answer is a 409 problem carrying the summary. Bodies up to 256 MB.";
        });
    }

    public override async Task<Results<Ok<DataValueSetImportResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DataValueSetRequest request, CancellationToken ct)
    {
        var dataValues = request.DataValues!.Select(v => v!).ToList();
        var strategy = request.ToStrategy();
        var inputs = new List<ValueInput>(dataValues.Count);
        var readErrors = new List<ValueError>();
        for (var i = 0; i < dataValues.Count; i++)
        {
            // DELETE names values; what they were is not looked at.
            var (number, error) = strategy == ImportStrategy.Delete ? (null, null) : dataValues[i].ParseValue();
            if (error is not null) readErrors.Add(new ValueError(i, "value", error));
            inputs.Add(dataValues[i].ToInput(number));
        }
        var options = new ImportOptions(Atomic: false, request.DryRun ?? false, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
            strategy switch { ImportStrategy.Create => WriteMode.CreateOnly, ImportStrategy.Update => WriteMode.UpdateOnly, _ => WriteMode.Upsert },
            Delete: strategy == ImportStrategy.Delete);
        var outcome = await ValueImport.RunAsync(inputs, readErrors, options, i => $"dataValues[{i}]", User, database, directory, periods, ct);

        var result = outcome.Result;
        var accepted = result.Imported + result.Updated + result.Unchanged + result.Ignored + result.Deleted;
        var conflicts = outcome.Conflicts.Select(c => Conflict(c, dataValues[c.Index])).ToList();
        var status = conflicts.Count == 0 ? "SUCCESS" : accepted > 0 ? "WARNING" : "ERROR";
        var description = (status switch
        {
            "SUCCESS" => "Import process completed successfully.",
            "WARNING" => $"Import process completed with {outcome.Rejected} of {inputs.Count} data values refused; see conflicts.",
            _ => "Nothing was imported: every data value was refused; see conflicts.",
        }) + (options.DryRun ? " Dry run: nothing was written." : "");
        var summary = new DataValueSetImportResponse
        {
            Status = status,
            Description = description,
            ImportCount = new DataValueSetImportCount(result.Imported, result.Updated, result.Ignored + result.Unchanged + outcome.Rejected, result.Deleted),
            Conflicts = conflicts,
        };
        if (status != "ERROR") return TypedResults.Ok(summary);
        // The problem's own "status" is the HTTP status, so the summary's status travels as "importStatus".
        return TypedResults.Problem(detail: description, statusCode: StatusCodes.Status409Conflict, title: "Nothing was imported.",
            extensions: new Dictionary<string, object?>
            {
                ["importStatus"] = summary.Status,
                ["description"] = summary.Description,
                ["importCount"] = summary.ImportCount,
                ["conflicts"] = summary.Conflicts,
            });
    }

    /// <summary>Our field names and refusals in DHIS2's terms.</summary>
    private static DataValueSetConflict Conflict(ImportRowConflict conflict, DataValueRequest sent)
    {
        var (property, sentText) = conflict.Field switch
        {
            "indicator" => ("dataElement", sent.DataElement),
            "unit" => ("orgUnit", sent.OrgUnit),
            "period" => ("period", sent.Period),
            "comment" => ("comment", sent.Comment),
            _ => ("value", sent.Value),
        };
        var code = conflict.Refusal switch
        {
            ImportRefusal.OutOfScope => "E7617",
            ImportRefusal.Locked => "E7642",
            ImportRefusal.NeedsReason => null,
            _ => property switch
            {
                "dataElement" => "E7610",
                "period" => "E7611",
                "orgUnit" => "E7612",
                "comment" => "E7620",
                _ => string.IsNullOrWhiteSpace(sent.Value) ? "E7618" : "E7619",
            },
        };
        return new DataValueSetConflict(sentText ?? "", conflict.Message, property, code, [conflict.Index]);
    }
}
