using System.Globalization;
using Hl7.Fhir.Model;
using Indicators.Api.Domain;
using Indicators.Api.Reporting;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Fhir;

/// <summary>
/// Values as summary MeasureReports in the manner of IHE mADX (the subject and reporter are the unit as a Location,
/// the group's code the indicator, the populations the numerator and denominator, the measure score the value), with
/// the targets judged on each value and their attainment; and MeasureReports sent to the service as values.
/// </summary>
public static class FhirMeasureReports
{
    public static MeasureReport ToReport(ValueResponse value, Indicator indicator, IEnumerable<AttainmentRow> targets, FhirUrls urls)
    {
        var unit = new ResourceReference { Type = "Location", Identifier = new Identifier(urls.UnitSystem, value.Unit), Display = value.UnitName };
        var report = new MeasureReport
        {
            Id = FhirIds.ReportId(value.Indicator, value.Unit, value.Period),
            Status = value.Status == SubmissionStatus.Draft ? MeasureReport.MeasureReportStatus.Pending : MeasureReport.MeasureReportStatus.Complete,
            Type = MeasureReport.MeasureReportType.Summary,
            Measure = urls.Measure(value.Indicator),
            Subject = unit,
            Reporter = value.Source == ValueSource.Reported ? unit : null,
            Date = value.UpdatedAt is { } at ? new FhirDateTime(at).Value : null,
            Period = new Hl7.Fhir.Model.Period(new FhirDateTime(Date(value.PeriodStart)), new FhirDateTime(Date(value.PeriodEnd))),
            ImprovementNotation = FhirMeasures.ImprovementNotation(indicator.Direction),
            Group =
            [
                new MeasureReport.GroupComponent
                {
                    Code = new CodeableConcept(urls.IndicatorSystem, indicator.Code, indicator.NameVi),
                    Population = Populations(value),
                    MeasureScore = FhirMeasures.Quantity(value.Value, indicator.Unit),
                },
            ],
        };
        report.Extension.Add(new Extension(urls.SourceExtension, new Code(EnumText.Of(value.Source))));
        if (value.CoveragePct is { } coverage) report.Extension.Add(new Extension(urls.CoverageExtension, new FhirDecimal(coverage)));
        report.Extension.AddRange(targets.Select(t => TargetExtension(t, urls)));
        return report;
    }

    /// <summary>A target and its attainment as one complex extension; absent values are left out.</summary>
    private static Extension TargetExtension(AttainmentRow row, FhirUrls urls)
    {
        var extension = new Extension { Url = urls.TargetExtension };
        void Add(string name, DataType? value)
        {
            if (value is not null) extension.Extension.Add(new Extension(name, value));
        }
        FhirDecimal? Number(decimal? n) => n is { } x ? new FhirDecimal(x) : null;
        Add("targetId", new Id(row.TargetId.ToString(CultureInfo.InvariantCulture)));
        Add("year", new Integer(row.Year));
        Add("comparator", new Code(EnumText.Of(row.Comparator)));
        Add("targetValue", Number(row.TargetValue));
        Add("upperValue", Number(row.UpperValue));
        Add("met", row.Met is { } met ? new FhirBoolean(met) : null);
        Add("attainmentPct", Number(row.AttainmentPct));
        Add("gap", Number(row.Gap));
        Add("gapPct", Number(row.GapPct));
        Add("status", new Code(EnumText.Of(row.Status)));
        Add("source", new FhirString(row.Source));
        Add("inheritedFrom", row.Inherited ? new FhirString(row.TargetUnit) : null);
        return extension;
    }

    /// <summary>The numerator and denominator as counts, when they are whole numbers (a population count is an integer).</summary>
    private static List<MeasureReport.PopulationComponent> Populations(ValueResponse value) =>
        Count(value.Numerator) is { } numerator && Count(value.Denominator) is { } denominator
            ?
            [
                new() { Code = new CodeableConcept(FhirUrls.MeasurePopulation, "numerator"), Count = numerator },
                new() { Code = new CodeableConcept(FhirUrls.MeasurePopulation, "denominator"), Count = denominator },
            ]
            : [];

    private static int? Count(decimal? n) => n is { } x && x == decimal.Truncate(x) && x is >= 0 and <= int.MaxValue ? (int)x : null;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Where each field of a value is in a MeasureReport (FHIRPath), for errors.</summary>
    public static string PathOf(string field) => field switch
    {
        "indicator" => "MeasureReport.measure",
        "unit" => "MeasureReport.subject",
        "period" => "MeasureReport.period",
        "numerator" or "denominator" => "MeasureReport.group[0].population",
        _ => "MeasureReport.group[0].measureScore",
    };

    /// <summary>
    /// A MeasureReport sent to the service as a value: the indicator from <c>measure</c> (canonical URL, id or code),
    /// the unit from <c>subject</c> (identifier value, or the id at the end of its reference), the period from
    /// <c>period</c> (its start and end must be those of a month, quarter, half year or year), the value from the first
    /// group's measure score and the numerator and denominator from its populations.
    /// </summary>
    /// <returns>The value, and what could not be read, by field.</returns>
    public static (ValueInput Input, IReadOnlyList<(string Field, string Message)> Errors) ToInput(MeasureReport report)
    {
        var errors = new List<(string, string)>();
        if (report.Type != MeasureReport.MeasureReportType.Summary) errors.Add(("indicator", "type must be summary: a MeasureReport of aggregate values."));
        var indicator = string.IsNullOrWhiteSpace(report.Measure) ? null : FhirIds.Indicator(report.Measure);
        var unit = report.Subject?.Identifier?.Value
            ?? (report.Subject?.Reference is { } reference ? reference[(reference.LastIndexOf('/') + 1)..] : null);
        string? period = null;
        if (report.Period is null) errors.Add(("period", "period is required."));
        else if (PeriodOf(report.Period) is { } p) period = p.Id;
        else errors.Add(("period", "period must start and end with a month, quarter, half year or year (e.g. 2025-07-01 to 2025-09-30)."));
        var group = report.Group.FirstOrDefault();
        var value = group?.MeasureScore?.Value;
        decimal? Population(string code) => group?.Population.FirstOrDefault(p => p.Code?.Coding.Any(c => c.Code == code) == true)?.Count;
        return (new ValueInput(unit, period, indicator, value, Population("numerator"), Population("denominator"), null), errors);
    }

    private static Domain.Period? PeriodOf(Hl7.Fhir.Model.Period period)
    {
        if (!TryDate(period.Start, out var start) || !TryDate(period.End, out var end)) return null;
        return Enum.GetValues<PeriodKind>()
            .SelectMany(kind => Domain.Period.InYear(start.Year, kind))
            .Cast<Domain.Period?>()
            .FirstOrDefault(p => p!.Value.Start == start && p.Value.End == end);
    }

    /// <summary>The date of a FHIR date or dateTime (its first ten characters).</summary>
    private static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
