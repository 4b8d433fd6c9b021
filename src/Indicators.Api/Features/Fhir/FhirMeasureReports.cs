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
    /// <summary>
    /// One report of an indicator, unit and period: the total as the first group's populations and measure score, and the
    /// disaggregated values as its stratifiers, one per combination of categories, coded by its categories (its strata
    /// have a value for one category, components for several, as the Measure's stratifiers declare them).
    /// </summary>
    /// <param name="values">The values of one indicator, unit and period: the total, if any, and any disaggregations.</param>
    /// <param name="targets">The targets judged on a value.</param>
    public static MeasureReport ToReport(IReadOnlyList<ValueResponse> values, Indicator indicator, Func<ValueResponse, IEnumerable<AttainmentRow>> targets, FhirUrls urls)
    {
        var first = values[0];
        var total = values.FirstOrDefault(v => v.Disaggregation is null);
        var unit = new ResourceReference { Type = "Location", Identifier = new Identifier(urls.UnitSystem, first.Unit), Display = first.UnitName };
        var report = new MeasureReport
        {
            Id = FhirIds.ReportId(first.Indicator, first.Unit, first.Period),
            Status = values.Any(v => v.Status == SubmissionStatus.Draft) ? MeasureReport.MeasureReportStatus.Pending : MeasureReport.MeasureReportStatus.Complete,
            Type = MeasureReport.MeasureReportType.Summary,
            Measure = urls.Measure(first.Indicator),
            Subject = unit,
            Reporter = values.Any(v => v.Source == ValueSource.Reported) ? unit : null,
            Date = values.Max(v => v.UpdatedAt) is { } at ? new FhirDateTime(at).Value : null,
            Period = new Hl7.Fhir.Model.Period(new FhirDateTime(Date(first.PeriodStart)), new FhirDateTime(Date(first.PeriodEnd))),
            ImprovementNotation = FhirMeasures.ImprovementNotation(indicator.Direction),
            Group =
            [
                new MeasureReport.GroupComponent
                {
                    Code = new CodeableConcept(urls.IndicatorSystem, indicator.Code, indicator.NameVi),
                    Population = total is null ? [] : Populations(total, (code, count) => new MeasureReport.PopulationComponent { Code = code, Count = count }),
                    MeasureScore = total is null ? null : FhirMeasures.Quantity(total.Value, indicator.Unit),
                    Stratifier = values.Where(v => v.Disaggregation is not null)
                        .GroupBy(v => Disaggregation.Combo(v.Disaggregation!))
                        .OrderBy(g => g.Key, StringComparer.Ordinal)
                        .Select(g => new MeasureReport.StratifierComponent
                        {
                            Code = g.Key.Split('+').Select(c => new CodeableConcept(urls.CategorySystem, c)).ToList(),
                            Stratum = g.Select(v => Stratum(v, indicator, targets(v), urls)).ToList(),
                        })
                        .ToList(),
                },
            ],
        };
        if (total is not null) report.Extension.AddRange(ValueExtensions(total, targets(total), urls));
        return report;
    }

    /// <summary>A disaggregated value: its options (a value, or one component per category), populations and measure score.</summary>
    private static MeasureReport.StratifierGroupComponent Stratum(ValueResponse value, Indicator indicator, IEnumerable<AttainmentRow> targets, FhirUrls urls)
    {
        var pairs = Disaggregation.Pairs(value.Disaggregation!);
        CodeableConcept Option(KeyValuePair<string, string> pair) => new(urls.OptionSystem(pair.Key), pair.Value);
        var stratum = new MeasureReport.StratifierGroupComponent
        {
            Population = Populations(value, (code, count) => new MeasureReport.StratifierGroupPopulationComponent { Code = code, Count = count }),
            MeasureScore = FhirMeasures.Quantity(value.Value, indicator.Unit),
        };
        if (pairs.Count == 1) stratum.Value = Option(pairs[0]);
        else stratum.Component = pairs.Select(p => new MeasureReport.ComponentComponent { Code = new CodeableConcept(urls.CategorySystem, p.Key), Value = Option(p) }).ToList();
        stratum.Extension.AddRange(ValueExtensions(value, targets, urls));
        return stratum;
    }

    /// <summary>Whether a value was reported or derived, the coverage of a derived one, and the targets judged on it.</summary>
    private static IEnumerable<Extension> ValueExtensions(ValueResponse value, IEnumerable<AttainmentRow> targets, FhirUrls urls)
    {
        yield return new Extension(urls.SourceExtension, new Code(EnumText.Of(value.Source)));
        if (value.CoveragePct is { } coverage) yield return new Extension(urls.CoverageExtension, new FhirDecimal(coverage));
        foreach (var target in targets) yield return TargetExtension(target, urls);
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
    private static List<T> Populations<T>(ValueResponse value, Func<CodeableConcept, int, T> population) =>
        Count(value.Numerator) is { } numerator && Count(value.Denominator) is { } denominator
            ?
            [
                population(new CodeableConcept(FhirUrls.MeasurePopulation, "numerator"), numerator),
                population(new CodeableConcept(FhirUrls.MeasurePopulation, "denominator"), denominator),
            ]
            : [];

    private static int? Count(decimal? n) => n is { } x && x == decimal.Truncate(x) && x is >= 0 and <= int.MaxValue ? (int)x : null;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A value read from a MeasureReport (the total of its first group, or one stratum) and where each of its fields is
    /// in the report, as a FHIRPath below <c>MeasureReport</c> (<c>.group[0].stratifier[1].stratum[0].measureScore</c>).
    /// </summary>
    public sealed record ReportValue(ValueInput Input, Func<string, string> PathOf, IReadOnlyList<(string Field, string Message)> Errors);

    /// <summary>
    /// A MeasureReport sent to the service as values: the indicator from <c>measure</c> (canonical URL, id or code),
    /// the unit from <c>subject</c> (identifier value, or the id at the end of its reference), the period from
    /// <c>period</c> (its start and end must be those of a month, quarter, half year or year); the total from the first
    /// group's measure score and its numerator and denominator from its populations, and a disaggregated value from each
    /// stratum of its stratifiers: a stratum's <c>value</c> is an option of the category the stratifier's code names, each
    /// of its <c>component</c>s an option (<c>value</c>) of the category its <c>code</c> names; codes are read from the
    /// first coding. A report with strata and no measure score or populations of its own carries no total.
    /// </summary>
    public static IReadOnlyList<ReportValue> ToInputs(MeasureReport report)
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
        var stratifiers = group?.Stratifier ?? [];
        var values = new List<ReportValue>();
        if (group?.MeasureScore is not null || group?.Population.Count > 0 || stratifiers.All(s => s.Stratum.Count == 0))
        {
            decimal? Population(string code) => group?.Population.FirstOrDefault(p => HasCode(p.Code, code))?.Count;
            values.Add(new ReportValue(new ValueInput(unit, period, indicator, group?.MeasureScore?.Value, Population("numerator"), Population("denominator"), null),
                field => ReportPath(field) ?? (field is "numerator" or "denominator" ? ".group[0].population" : ".group[0].measureScore"), errors));
        }
        for (var s = 0; s < stratifiers.Count; s++)
        {
            for (var t = 0; t < stratifiers[s].Stratum.Count; t++)
            {
                var stratum = stratifiers[s].Stratum[t];
                var at = $".group[0].stratifier[{s}].stratum[{t}]";
                var (pairs, paths, stratumErrors) = Options(stratifiers[s], stratum, at);
                decimal? Population(string code) => stratum.Population.FirstOrDefault(p => HasCode(p.Code, code))?.Count;
                values.Add(new ReportValue(
                    new ValueInput(unit, period, indicator, stratum.MeasureScore?.Value, Population("numerator"), Population("denominator"), null, pairs),
                    field => ReportPath(field) ?? paths.GetValueOrDefault(field) ?? field switch
                    {
                        "numerator" or "denominator" => at + ".population",
                        "disaggregation" => at,
                        _ => at + ".measureScore",
                    },
                    [.. errors, .. stratumErrors]));
            }
        }
        return values;
    }

    /// <summary>Where the fields every value of a report shares are; null for the others.</summary>
    private static string? ReportPath(string field) => field switch
    {
        "indicator" => ".measure",
        "unit" => ".subject",
        "period" => ".period",
        _ => null,
    };

    /// <summary>A stratum's options by category, where each is (for errors on <c>disaggregation.{category}</c>), and what could not be read.</summary>
    private static (Dictionary<string, string?> Pairs, Dictionary<string, string> Paths, List<(string Field, string Message)> Errors) Options(
        MeasureReport.StratifierComponent stratifier, MeasureReport.StratifierGroupComponent stratum, string at)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<(string, string)>();
        if (stratum.Value is not null && stratum.Component.Count > 0)
        {
            errors.Add(("disaggregation", "A stratum has a value (one category) or components (several categories), not both."));
        }
        else if (stratum.Value is not null)
        {
            if (CodeOf(stratifier.Code.FirstOrDefault()) is not { } category)
            {
                errors.Add(("disaggregation", "The stratifier's code must name the category of its strata's values (e.g. sex)."));
            }
            else
            {
                pairs[category] = CodeOf(stratum.Value);
                paths["disaggregation." + category] = at + ".value";
            }
        }
        else if (stratum.Component.Count == 0)
        {
            errors.Add(("disaggregation", "A stratum needs a value (an option of the stratifier's category) or components (an option per category)."));
        }
        for (var c = 0; c < stratum.Component.Count && stratum.Value is null; c++)
        {
            var component = stratum.Component[c];
            if (CodeOf(component.Code) is not { } category)
            {
                errors.Add(("disaggregation", $"component[{c}].code must name a category (e.g. sex)."));
            }
            else if (!pairs.TryAdd(category, CodeOf(component.Value)))
            {
                errors.Add(("disaggregation", $"The category {category} is given more than once."));
            }
            else
            {
                paths["disaggregation." + category] = $"{at}.component[{c}]";
            }
        }
        return (pairs, paths, errors);
    }

    /// <summary>The code of a concept's first coding.</summary>
    private static string? CodeOf(CodeableConcept? concept) => concept?.Coding.FirstOrDefault()?.Code is { Length: > 0 } code ? code : null;

    private static bool HasCode(CodeableConcept? concept, string code) => concept?.Coding.Any(c => c.Code == code) == true;

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
