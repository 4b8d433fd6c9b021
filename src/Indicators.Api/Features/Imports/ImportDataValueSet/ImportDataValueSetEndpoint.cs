using System.Globalization;
using System.Text.Json;
using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

public sealed class ImportDataValueSetEndpoint(Database database, UnitDirectory directory, ReportablePeriods periods,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<Dhis2Options> dhis2)
    : Endpoint<DataValueSetQuery, Results<Ok<DataValueSetImportResponse>, Conflict<DataValueSetImportResponse>, ValidationProblem, ProblemHttpResult>>
{
    /// <summary>DHIS2's default category option combo, by its well-known uid and by its code.</summary>
    private static readonly string[] DefaultOptionCombos = ["HllvX50cXC0", "default"];

    public override void Configure()
    {
        // DHIS2's own path too, so a DHIS2 client pointed at the service's base URL works.
        Verbs(Http.POST);
        Routes(ApiRoutes.DataValueSets, ApiRoutes.Dhis2DataValueSets);
        Policies(AccessPolicies.Report);
        // The body is JSON, ADX or CSV, read below; only the query is bound.
        RequestBinder(new RequestBinder<DataValueSetQuery>(BindingSource.QueryParams));
        Description(b => b.WithTags("Imports").ClearDefaultAccepts()
            .Accepts<DataValueSetRequest>("application/json", Adx.ContentType, Dhis2Csv.ContentTypes[0], Dhis2Csv.ContentTypes[1]).WithBulkBodyLimit()
            .Add(e => e.Metadata.Add(new EndpointNameMetadata(e is RouteEndpointBuilder { RoutePattern.RawText: var route } && route!.Contains("/v1/", StringComparison.Ordinal)
                ? "ImportDataValueSet" : "ImportDataValueSetAtDhis2Path"))));
        Summary(s =>
        {
            s.Summary = "DHIS2 data value set import, as JSON {dataSet, period, orgUnit, dataValues: [{dataElement, period, orgUnit, value, comment, deleted}]}, "
                + "ADX XML (application/adx+xml) or DHIS2 CSV (application/csv), with indicator codes and unit ids or codes (reporter of the units, or admin).";
            s.Description = "As in DHIS2 the valid values are imported and the rest reported as conflicts with DHIS2's error codes; values land as submitted. "
                + "Top-level period, orgUnit and attributeOptionCombo apply to the values without them; deleted: true deletes the value. "
                + "Query parameters: importStrategy = CREATE_AND_UPDATE (default; also NEW_AND_UPDATES), CREATE (also NEW), UPDATE (also UPDATES) or DELETE (also DELETES); "
                + "dryRun=true writes nothing; idScheme, dataElementIdScheme, orgUnitIdScheme = UID or CODE (both mean this service's codes); "
                + "firstRowIsHeader (CSV, default true); async=true (answered synchronously); reason (the audit reason when a value has no comment). "
                + "A value's comment, or reason, or the configured default reason is the audit reason of corrections and deletions. "
                + "The answer is DHIS2's web message around the import summary: 200 when every value was accepted, 409 with status WARNING "
                + "(some refused) or ERROR (nothing imported). Also at /api/dataValueSets. Bodies up to 256 MB.";
        });
    }

    public override async Task<Results<Ok<DataValueSetImportResponse>, Conflict<DataValueSetImportResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        DataValueSetQuery query, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(HttpContext.Request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
        DataValueSetRequest set;
        var isAdx = false;
        if (mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            DataValueSetRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<DataValueSetRequest>(HttpContext.Request.Body, json.Value.SerializerOptions, ct);
            }
            catch (JsonException e)
            {
                // The same 400 naming the field as for every other JSON body (ProblemExceptionHandler).
                throw new BadHttpRequestException("The request body is not valid JSON for this endpoint.", StatusCodes.Status400BadRequest, e);
            }
            if (body?.DataValues is null) return Problems.Validation("dataValues", "dataValues is required: { \"dataValues\": [ { \"dataElement\", \"period\", \"orgUnit\", \"value\" } ] }.");
            var missing = Enumerable.Range(0, body.DataValues.Count).Where(i => body.DataValues[i] is null).Take(100).ToList();
            if (missing.Count > 0) return Problems.Validation(missing.ToDictionary(i => $"dataValues[{i}]", _ => NotAnObject));
            set = body;
        }
        else if (string.Equals(mediaType, Adx.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            var (adx, errors) = await AdxReader.ReadAsync(HttpContext.Request.Body, ct);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The ADX message could not be read; nothing was imported.");
            (set, isAdx) = (adx, true);
        }
        else if (mediaType is not null && Dhis2Csv.ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            if (contentType!.Charset.HasValue && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return UnsupportedMediaType($"The CSV must be UTF-8; got charset={contentType.Charset.Value}.");
            }
            var (csv, errors) = await Dhis2Csv.ReadAsync(HttpContext.Request.Body, query.FirstRowIsHeader ?? true, ct);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The CSV could not be read; nothing was imported.");
            set = csv;
        }
        else
        {
            return UnsupportedMediaType($"Send the data value set as application/json, {Adx.ContentType} or application/csv.");
        }

        var strategy = query.ToStrategy();
        var dataValues = set.DataValues!.Select(v => v!).Select(v => v with
        {
            Period = Text(v.Period) ?? Text(set.Period),
            OrgUnit = Text(v.OrgUnit) ?? Text(set.OrgUnit),
            AttributeOptionCombo = Text(v.AttributeOptionCombo) ?? Text(set.AttributeOptionCombo),
        }).ToList();
        var inputs = new List<ValueInput>(dataValues.Count);
        var readErrors = new List<ValueError>();
        var deletions = new HashSet<int>();
        for (var i = 0; i < dataValues.Count; i++)
        {
            var (input, errors) = Read(dataValues[i], isAdx, strategy == ImportStrategy.Delete || dataValues[i].Deleted == true);
            inputs.Add(input);
            readErrors.AddRange(errors.Select(e => new ValueError(i, e.Field, e.Message)));
            if (strategy == ImportStrategy.Delete || dataValues[i].Deleted == true) deletions.Add(i);
        }
        var reason = string.IsNullOrWhiteSpace(query.Reason) ? dhis2.Value.DefaultReason.Replace("{key}", User.Actor(), StringComparison.Ordinal) : query.Reason.Trim();
        var options = new ImportOptions(Atomic: false, query.DryRun ?? false, reason,
            strategy switch { ImportStrategy.Create => WriteMode.CreateOnly, ImportStrategy.Update => WriteMode.UpdateOnly, _ => WriteMode.Upsert },
            deletions);
        var outcome = await ValueImport.RunAsync(inputs, readErrors, options, i => $"dataValues[{i}]", User, database, directory, periods, ct);

        var summary = Summarise(outcome, dataValues, query, strategy);
        var answer = summary.Status switch
        {
            "SUCCESS" => new DataValueSetImportResponse { HttpStatus = "OK", HttpStatusCode = 200, Status = "OK", Message = "Import was successful.", Response = summary },
            "WARNING" => new DataValueSetImportResponse { HttpStatus = "Conflict", HttpStatusCode = 409, Status = "WARNING", Message = "One or more conflicts encountered, please check import summary.", Response = summary },
            _ => new DataValueSetImportResponse { HttpStatus = "Conflict", HttpStatusCode = 409, Status = "ERROR", Message = "An error occurred, please check import summary.", Response = summary },
        };
        return answer.HttpStatusCode == 200 ? TypedResults.Ok(answer) : TypedResults.Conflict(answer);
    }

    /// <summary>One data value as the shared checks take it, with the errors only DHIS2's form can have.</summary>
    private static (ValueInput Input, List<(string Field, string Message)> Errors) Read(DataValueRequest sent, bool isAdx, bool deletion)
    {
        var errors = new List<(string, string)>();
        var disaggregation = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (field, combo) in new[] { ("categoryOptionCombo", Text(sent.CategoryOptionCombo)), ("attributeOptionCombo", Text(sent.AttributeOptionCombo)) })
        {
            if (combo is null || DefaultOptionCombos.Contains(combo)) continue;
            // A combo is named by its disaggregation: sex:female, ageGroup:under5;sex:male (ADX attributes arrive as sex=female).
            var (key, _) = Disaggregation.Parse(combo.Replace('=', ':'));
            if (key is null)
            {
                errors.Add((field, $"Option combo '{Shorten(combo)}' is neither DHIS2's default (HllvX50cXC0 or default) nor a disaggregation code such as sex:female or ageGroup:under5;sex:male."));
                continue;
            }
            foreach (var (category, option) in Disaggregation.Pairs(key))
            {
                if (!disaggregation.TryAdd(category, option)) errors.Add((field, $"{category} is given by both the category and the attribute option combo."));
            }
        }
        var period = sent.Period;
        if (isAdx && period is not null)
        {
            if (Period.TryParseIsoInterval(period, out var parsed, out var error)) period = parsed.Id;
            else errors.Add(("period", error!));
        }
        // A deletion names a value; what it was is not looked at.
        decimal? Number(string field, string? text)
        {
            if (deletion || string.IsNullOrWhiteSpace(text)) return null;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
            errors.Add((field, $"'{Shorten(text)}' is not a number; write it with a decimal point, e.g. 94.5."));
            return null;
        }
        var input = new ValueInput(sent.OrgUnit, period, sent.DataElement,
            Number("value", sent.Value), Number("numerator", sent.Numerator), Number("denominator", sent.Denominator), sent.Comment,
            disaggregation.Count == 0 ? null : disaggregation);
        return (input, errors);
    }

    private DataValueSetImportSummary Summarise(ImportOutcome outcome, List<DataValueRequest> sent, DataValueSetQuery query, ImportStrategy strategy)
    {
        var result = outcome.Result;
        var refused = outcome.Conflicts.Select(c => c.Index).ToHashSet();
        var accepted = result.Imported + result.Updated + result.Unchanged + result.Ignored + result.Deleted;
        var conflicts = outcome.Conflicts
            .Select(c => Conflict(c, sent[c.Index]))
            .GroupBy(c => (c.ErrorCode, c.Property, c.Value, Objects: string.Join('|', c.Objects.Select(o => $"{o.Key}={o.Value}"))))
            .Select(g => g.First() with { Indexes = g.SelectMany(c => c.Indexes).ToList() })
            .ToList();
        var status = conflicts.Count == 0 ? "SUCCESS" : accepted > 0 ? "WARNING" : "ERROR";
        var description = (status switch
        {
            "SUCCESS" => "Import process completed successfully.",
            "WARNING" => $"Import process completed with {outcome.Rejected} of {sent.Count} data values refused; see conflicts.",
            _ => "Nothing was imported: every data value was refused; see conflicts.",
        })
            + (query.DryRun == true ? " Dry run: nothing was written." : "")
            + (query.Async == true ? " async=true was answered synchronously: the import is complete." : "");
        var idScheme = query.IdScheme?.ToUpperInvariant() ?? "UID";
        return new DataValueSetImportSummary
        {
            Status = status,
            ImportOptions = new DataValueSetImportOptions(
                new DataValueSetIdSchemes(idScheme, query.DataElementIdScheme?.ToUpperInvariant() ?? idScheme, query.OrgUnitIdScheme?.ToUpperInvariant() ?? idScheme),
                query.DryRun ?? false, query.Async ?? false, DataValueSetQuery.NameOf(strategy), query.FirstRowIsHeader ?? true, SkipAudit: false),
            Description = description,
            ImportCount = new DataValueSetImportCount(result.Imported, result.Updated, result.Ignored + result.Unchanged + outcome.Rejected, result.Deleted),
            Conflicts = conflicts,
            Warnings = outcome.Warnings.Select(w => new DataValueSetWarning(w.Indicator, w.Unit, w.Period, w.Message, w.Index)).ToList(),
            RejectedIndexes = Enumerable.Range(0, sent.Count).Where(i => refused.Contains(i) || !result.Written.Contains(i)).ToList(),
        };
    }

    /// <summary>A refusal in DHIS2's terms: its error code (E7600 series), the property and the identifiers at fault.</summary>
    private DataValueSetConflict Conflict(ImportRowConflict conflict, DataValueRequest sent)
    {
        var (code, property, objects) = conflict.Refusal switch
        {
            ImportRefusal.OutOfScope => ("E7617", "orgUnit", Objects(("organisationUnit", sent.OrgUnit), ("user", User.Actor()))),
            ImportRefusal.Locked => ("E7642", null, Objects(("organisationUnit", sent.OrgUnit), ("period", sent.Period))),
            // DHIS2 has no code for a value given twice in one set.
            ImportRefusal.Duplicate => (null, "dataElement", Objects(("dataElement", sent.DataElement))),
            _ => conflict.Field switch
            {
                "indicator" => ("E7610", "dataElement", Objects(("dataElement", sent.DataElement))),
                "period" => ("E7611", "period", Objects(("period", sent.Period))),
                "unit" => ("E7612", "orgUnit", Objects(("organisationUnit", sent.OrgUnit))),
                "categoryOptionCombo" => ("E7613", "categoryOptionCombo", Objects(("categoryOptionCombo", sent.CategoryOptionCombo))),
                // The combo names options the service has no such category or option for, or a combination the indicator does not declare.
                _ when conflict.Field.StartsWith("disaggregation", StringComparison.Ordinal) =>
                    ("E7613", "categoryOptionCombo", Objects(("categoryOptionCombo", sent.CategoryOptionCombo ?? sent.AttributeOptionCombo))),
                "attributeOptionCombo" => ("E7615", "attributeOptionCombo", Objects(("categoryOptionCombo", sent.AttributeOptionCombo))),
                "comment" => ("E7620", "comment", Objects(("comment", sent.Comment))),
                _ when string.IsNullOrWhiteSpace(sent.Value) && sent.Numerator is null => ("E7618", "value", Objects(("dataElement", sent.DataElement))),
                _ => ("E7619", "value", Objects(("dataElement", sent.DataElement), ("value", sent.Value))),
            },
        };
        return new DataValueSetConflict(objects.Values.FirstOrDefault() ?? "", objects, conflict.Message, property, code, [conflict.Index]);
    }

    private static Dictionary<string, string> Objects(params (string Type, string? Id)[] objects) =>
        objects.Where(o => o.Id is not null).ToDictionary(o => o.Type, o => Shorten(o.Id!));

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static readonly string[] NotAnObject = ["A data value must be an object."];

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");
}
