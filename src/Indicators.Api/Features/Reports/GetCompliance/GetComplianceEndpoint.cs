using FastEndpoints;
using FluentValidation;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Reports.GetCompliance;

public sealed class GetComplianceEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, IOptions<ComplianceOptions> options, IOptions<ReportOptions> reports)
    : Endpoint<GetComplianceRequest, Results<Ok<ListResponse<ComplianceRow>>, ListFileResult<ComplianceRow>>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Compliance);
        Group<ReportsArea>();
        Description(b => b.WithName("GetCompliance").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Reporting completeness and timeliness of every unit valid at the period's end, with the missing indicators.");
    }

    public override async Task<Results<Ok<ListResponse<ComplianceRow>>, ListFileResult<ComplianceRow>>> ExecuteAsync(GetComplianceRequest request, CancellationToken ct)
    {
        var parsed = Period.Parse(request.Period!);
        var unitLevel = request.Level is null ? UnitLevel.Province : EnumText.Parse<UnitLevel>(request.Level);
        Paging.TryDecode(request.Cursor, out var after);
        var limit = request.Limit;
        var graph = await directory.GetAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var expected = (await catalog.GetAsync(ct)).Values.Where(i => Period.KindOf(i.Frequency) == parsed.Kind).Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
        var holidays = (await HolidayStore.AllAsync(connection, ct)).Keys.Select(d => Clock.ParseDate(d)!.Value).ToHashSet();
        var submitted = (await ValueListStore.ReportedAsync(connection, parsed.Id, reports.Value.CountedStatuses.Intersect(Submitted).ToList(), ct))
            .ToLookup(r => r.Unit);

        var days = unitLevel == UnitLevel.Commune ? options.Value.CommuneWorkingDays : options.Value.ProvinceWorkingDays;
        var due = WorkingDays.DueDate(parsed.End, days, holidays);
        var rows = graph.All
            .Where(u => u.Level == unitLevel && u.IsValidOn(parsed.End) && (after is null || string.CompareOrdinal(u.Id, after) > 0))
            .OrderBy(u => u.Id, StringComparer.Ordinal)
            .Take((limit ?? Paging.DefaultLimit) + 1)
            .Select(u => Row(u, parsed, due, expected, submitted[u.Id].ToList()))
            .ToList();
        var page = Paging.Page(rows, limit ?? Paging.DefaultLimit, r => r.Unit);
        return ListFile.For(HttpContext, request, ListFile.SafeName("compliance", parsed.Id, EnumText.Of(unitLevel))) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }

    /// <summary>A report is made when it is submitted: a draft or a returned submission is not one.</summary>
    private static readonly string[] Submitted = [EnumText.Of(SubmissionStatus.Submitted), EnumText.Of(SubmissionStatus.Approved)];

    private static ComplianceRow Row(UnitVersion unit, Period period, DateOnly due, IReadOnlyList<string> expected,
        IReadOnlyList<(string Unit, string Indicator, DateTimeOffset? SubmittedAt)> values)
    {
        var byIndicator = values.Where(v => expected.Contains(v.Indicator)).ToDictionary(v => v.Indicator, v => v.SubmittedAt);
        var onTime = byIndicator.Values.Count(at => at is { } t && DateOnly.FromDateTime(t.ToOffset(ComplianceOptions.LocalOffset).DateTime) <= due);
        decimal? Pct(int n) => expected.Count == 0 ? null : Math.Round(100m * n / expected.Count, 2);
        return new ComplianceRow
        {
            Unit = unit.Id,
            UnitName = unit.NameVi,
            Period = period.Id,
            DueDate = due,
            Expected = expected.Count,
            Submitted = byIndicator.Count,
            OnTime = onTime,
            Late = byIndicator.Count - onTime,
            Missing = expected.Count - byIndicator.Count,
            CompletenessPct = Pct(byIndicator.Count),
            TimelinessPct = Pct(onTime),
            SubmittedAt = byIndicator.Values.Max(),
            MissingIndicators = expected.Where(e => !byIndicator.ContainsKey(e)).ToList(),
        };
    }
}

public sealed class GetComplianceRequest : IFileFormatRequest
{
    /// <summary>The reporting period: 2025 (year), 2025S1 (half year), 2025Q3 (quarter).</summary>
    public string? Period { get; init; }
    /// <summary>country, province (default) or commune.</summary>
    public string? Level { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class GetComplianceRequestValidator : Validator<GetComplianceRequest>
{
    public GetComplianceRequestValidator()
    {
        Include(new ListQueryValidator<GetComplianceRequest>(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Period).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("period is required.")
            .Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.Period));
        RuleFor(r => r.Level).Must(l => l is null || EnumText.TryParse<UnitLevel>(l, out _)).WithMessage("level must be country, province or commune.");
    }
}
