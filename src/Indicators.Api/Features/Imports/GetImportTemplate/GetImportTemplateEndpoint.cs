using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Reporting;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Imports.GetImportTemplate;

public sealed class GetImportTemplateEndpoint(Database database, UnitDirectory directory, ValueIndexCache cache,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reports)
    : Endpoint<GetImportTemplateRequest, Results<FileContentHttpResult, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.ImportTemplate);
        Group<ImportsArea>();
        Description(b => b.WithName("GetImportTemplate").RequireReadAccess()
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: XlsxForm.ContentType)
            .WithMetadata(new FileOutput(XlsxForm.ContentType, "An xlsx form: one row per unit and expected indicator, key columns locked, value, numerator, denominator and comment to fill in.")));
        Summary(s => s.Summary = "An xlsx template to report a period for a unit (children=true: and its children, e.g. a province's communes): unit and indicator codes and names, "
            + "the period's Vietnamese name, last period's value for reference and the values reports count now; POST it back to /imports.");
    }

    public override async Task<Results<FileContentHttpResult, ValidationProblem>> ExecuteAsync(GetImportTemplateRequest request, CancellationToken ct)
    {
        var period = Period.Parse(request.Period!);
        var graph = await directory.GetAsync(ct);
        var resolved = graph.Resolve(request.Unit!.Trim(), period.End);
        if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
        if (!resolved.Unit.IsValidOn(period.End))
        {
            return Problems.Validation("unit", $"Unit {resolved.Unit.Id} ({resolved.Unit.NameVi}) does not exist on {period.End:yyyy-MM-dd}, the end of {period}.");
        }
        var units = new List<UnitVersion> { resolved.Unit };
        if (request.Children == true)
        {
            units.AddRange(graph.Children(resolved.Unit.Id).Where(u => u.IsValidOn(period.End)).OrderBy(u => u.Id, StringComparer.Ordinal));
        }
        var current = new List<ListedValue>();
        await using (var connection = await database.OpenAsync(ct))
        {
            // The values reports count now, with their comments: sent back unchanged, a row changes nothing.
            ValueQuery Query(string? unit, UnitLevel? level) => new(null, unit, period.End, period.End, level, null, reports.Value.CountedStatuses, null);
            current.AddRange(await ValueListStore.ListAsync(connection, Query(resolved.Unit.Id, null), int.MaxValue, ct));
            if (units.Count > 1)
            {
                var children = units.Skip(1).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
                current.AddRange((await ValueListStore.ListAsync(connection, Query(null, units[1].Level), int.MaxValue, ct)).Where(v => children.Contains(v.Unit)));
            }
        }
        var lines = ReportingForm.Build((await cache.GetAsync(ct)).Index, units, period, current);

        var previous = period.Previous;
        XlsxColumn[] columns =
        [
            new(XlsxForm.Keyed("Mã đơn vị", "unit"), 16, false),
            new(XlsxForm.Keyed("Tên đơn vị", "unitName"), 28, false),
            new(XlsxForm.Keyed("Kỳ", "period"), 9, false),
            new(XlsxForm.Keyed("Tên kỳ", "periodLabel"), 16, false),
            new(XlsxForm.Keyed("Mã chỉ tiêu", "indicator"), 26, false),
            new(XlsxForm.Keyed("Tên chỉ tiêu", "indicatorName"), 50, false),
            new(XlsxForm.Keyed("Đơn vị tính", "measureUnit"), 12, false),
            new(XlsxForm.Keyed($"Kỳ trước: {previous.Label}", "previousValue"), 16, false),
            new(XlsxForm.Keyed("Giá trị", "value"), 14, true),
            new(XlsxForm.Keyed("Tử số", "numerator"), 14, true),
            new(XlsxForm.Keyed("Mẫu số", "denominator"), 14, true),
            new(XlsxForm.Keyed("Ghi chú", "comment"), 40, true),
        ];
        var rows = lines.Select(l =>
        {
            // A ratio stored with its parts is shown by its parts: the value is computed from them.
            var byParts = l.Ratio && l.Numerator is not null && l.Denominator is not null;
            return (IReadOnlyList<XlsxCell>)
            [
                XlsxCell.Of(l.Unit), XlsxCell.Of(l.UnitName), XlsxCell.Of(l.Period), XlsxCell.Of(l.PeriodLabel),
                XlsxCell.Of(l.Indicator), XlsxCell.Of(l.IndicatorName), XlsxCell.Of(l.MeasureUnit),
                XlsxCell.Of(l.PreviousValue, l.Decimals),
                XlsxCell.Of(byParts ? null : l.Value, l.Decimals),
                XlsxCell.Of(byParts ? l.Numerator : null, 0),
                XlsxCell.Of(byParts ? l.Denominator : null, 0),
                XlsxCell.Of(l.Comment),
            ];
        });
        using var file = new MemoryStream();
        await XlsxForm.WriteAsync(file, period.Label, columns, rows, ct);
        return TypedResults.File(file.ToArray(), XlsxForm.ContentType, $"mau-nhap-{resolved.Unit.Code}-{period.Id}.xlsx");
    }
}
