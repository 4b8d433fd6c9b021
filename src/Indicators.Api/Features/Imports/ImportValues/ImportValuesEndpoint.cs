using System.Buffers;
using FastEndpoints;
using System.Text.Json;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Indicators.Api.Writing;
using Indicators.Api.Domain;

namespace Indicators.Api.Features.Imports.ImportValues;

public sealed class ImportValuesEndpoint(Database database, UnitDirectory directory, ReportablePeriods periods, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : Endpoint<ImportValuesQuery, Results<Ok<ImportValuesResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(ApiRoutes.Imports);
        Group<ImportsArea>();
        Policies(AccessPolicies.Report);
        // The body is JSON, CSV or xlsx, read below; only the query is bound.
        RequestBinder(new RequestBinder<ImportValuesQuery>(BindingSource.QueryParams));
        Description(b => b.WithName("ImportValues").ClearDefaultAccepts().Accepts<ImportValuesRequest>("application/json", ImportValuesCsv.ContentType, XlsxForm.ContentType).WithBulkBodyLimit());
        Summary(s =>
        {
            s.Summary = "Bulk load of values across units and periods, as JSON {\"rows\": [...]}, text/csv with the header unit,period,indicator,value,numerator,denominator,comment, "
                + "or an xlsx sheet with those columns such as GET /imports/template filled in (reporter of the rows' units, or admin).";
            s.Description = "Rows land as submitted. atomic=true (default): all or nothing — any refused row answers 400 with the summary and nothing is written; "
                + "atomic=false: the valid rows are written and the refused ones listed. dryRun=true checks and counts, writes nothing. "
                + "A correction of a submitted value needs the row's comment or the reason parameter. "
                + "CSV is UTF-8 (BOM optional) or Windows-1258, fields separated by , or ;, numbers in the locale= given or detected (vi: 1.234,5 and ; between fields; en: 1234.5); the summary's file says how it was read. Bodies up to 256 MB.";
        });
    }

    public override async Task<Results<Ok<ImportValuesResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ImportValuesQuery query, CancellationToken ct)
    {
        var request = HttpContext.Request;
        List<ValueInput> inputs;
        ImportFile? file = null;
        // The 1-based data row of an input, and how messages name it: the line number − 1 of a CSV, the sheet row − 1 of an xlsx.
        Func<int, int> dataRow = i => i + 1;
        Func<int, string> where = i => MessageLanguage.Pick($"row {i + 1}", $"dòng {i + 1}");
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
        if (string.Equals(mediaType, ImportValuesCsv.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            var charset = contentType!.Charset.HasValue ? CsvDialect.ParseCharset(contentType.Charset.Value) : null;
            if (contentType.Charset.HasValue && charset is null)
            {
                return UnsupportedMediaType($"The CSV must be UTF-8 or Windows-1258; got charset={contentType.Charset.Value}.");
            }
            // The dialect is read from the file's first bytes, which stay in the pipe for the CSV reader.
            var body = request.BodyReader;
            var head = await body.ReadAtLeastAsync(CsvDialect.HeadLength, ct);
            var dialect = CsvDialect.Detect(head.Buffer.Slice(0, Math.Min(head.Buffer.Length, CsvDialect.HeadLength)).ToArray(), CsvDialect.ParseLocale(query.Locale), charset);
            body.AdvanceTo(head.Buffer.Start);
            var (rows, errors) = await ImportValuesCsv.ReadAsync(body.AsStream(leaveOpen: true), dialect, ct);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The CSV could not be read; nothing was imported.");
            inputs = rows;
            file = new ImportFile("csv", dialect.LocaleName, dialect.Delimiter.ToString(), dialect.EncodingName);
        }
        else if (string.Equals(mediaType, XlsxForm.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            // A zip is read from its end: the workbook is buffered (within the import's body limit).
            using var workbook = new MemoryStream();
            await request.Body.CopyToAsync(workbook, ct);
            workbook.Position = 0;
            var textNumbers = new CsvDialect(CsvDialect.Utf8, ',', CsvDialect.ParseLocale(query.Locale) ?? NumberLocale.Vi);
            var (rows, sheetRows, errors) = ImportValuesXlsx.Read(workbook, textNumbers);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The xlsx file could not be read; nothing was imported.");
            inputs = rows;
            dataRow = i => sheetRows[i] - 1;
            where = i => MessageLanguage.Pick($"sheet row {sheetRows[i]}", $"dòng {sheetRows[i]} của trang tính");
            file = new ImportFile("xlsx", textNumbers.LocaleName, null, null);
        }
        else if (mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            ImportValuesRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<ImportValuesRequest>(request.Body, json.Value.SerializerOptions, ct);
            }
            catch (JsonException e)
            {
                // The same 400 naming the field as for every other JSON body (ProblemExceptionHandler).
                throw new BadHttpRequestException("The request body is not valid JSON for this endpoint.", StatusCodes.Status400BadRequest, e);
            }
            if (body?.Rows is null) return Problems.Validation("rows", "rows is required: { \"rows\": [ { \"unit\", \"period\", \"indicator\", \"value\", … } ] }.");
            var missing = Enumerable.Range(0, body.Rows.Count).Where(i => body.Rows[i] is null).Take(100).ToList();
            if (missing.Count > 0) return Problems.Validation(missing.ToDictionary(i => $"rows[{i}]", _ => NotAnObject));
            inputs = body.Rows.Select(r => r!.ToInput()).ToList();
        }
        else
        {
            return UnsupportedMediaType($"Send the rows as application/json, text/csv or {XlsxForm.ContentType}.");
        }

        var options = new ImportOptions(query.Atomic ?? true, query.DryRun ?? false, string.IsNullOrWhiteSpace(query.Reason) ? null : query.Reason.Trim());
        var outcome = await ValueImport.RunAsync(inputs, [], options, where, User, database, directory, periods, ct);
        var summary = ImportValuesResponse.From(outcome, file, dataRow);
        if (!outcome.Failed) return TypedResults.Ok(summary);

        var errorMap = outcome.Conflicts.GroupBy(c => $"rows[{dataRow(c.Index) - 1}].{c.Field}").ToDictionary(g => g.Key, g => g.Select(c => c.Message).ToArray());
        return TypedResults.ValidationProblem(errorMap,
            title: "The import was refused; nothing was written.",
            detail: $"{summary.Rejected} of {inputs.Count} rows were refused. Fix them and send the file again, or send atomic=false to import the valid rows.",
            extensions: new Dictionary<string, object?>
            {
                ["imported"] = summary.Imported,
                ["updated"] = summary.Updated,
                ["unchanged"] = summary.Unchanged,
                ["rejected"] = summary.Rejected,
                ["conflicts"] = summary.Conflicts,
                ["file"] = summary.File,
            });
    }

    private static readonly string[] NotAnObject = ["A row must be an object."];

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");
}
