using Hl7.Fhir.Model;
using Indicators.Api.Domain;

namespace Indicators.Api.Features.Fhir;

/// <summary>An indicator of the catalog as a FHIR Measure.</summary>
public static class FhirMeasures
{
    /// <param name="rules">The categories and the combinations the indicator declares: its stratifiers.</param>
    public static Measure ToMeasure(Indicator indicator, DisaggregationRules rules, FhirUrls urls)
    {
        var scoring = Scoring(indicator.Unit);
        return new Measure
        {
            Id = FhirIds.MeasureId(indicator.Code),
            Url = urls.Measure(indicator.Code),
            Identifier = [new Identifier(urls.IndicatorSystem, indicator.Code)],
            Name = indicator.Code,
            Title = indicator.NameVi,
            Subtitle = indicator.NameEn,
            Status = PublicationStatus.Active,
            Topic = [new CodeableConcept(urls.Base + "/CodeSystem/indicator-group", indicator.Group)],
            Scoring = new CodeableConcept(FhirUrls.MeasureScoring, scoring),
            ImprovementNotation = ImprovementNotation(indicator.Direction),
            Extension = [new Extension(urls.UnitExtension, UnitCoding(indicator.Unit))],
            Group =
            [
                new Measure.GroupComponent
                {
                    Code = new CodeableConcept(urls.IndicatorSystem, indicator.Code, indicator.NameVi),
                    // A value is numerator / denominator × factor: the populations say what is counted.
                    Population = scoring == "continuous-variable" ? [] :
                    [
                        Population("numerator", "The numerator the unit reports with its value."),
                        Population("denominator", "The denominator the unit reports with its value."),
                    ],
                    Stratifier = rules.CombosOf(indicator.Code).Order(StringComparer.Ordinal).Select(combo => Stratifier(combo, rules, urls)).ToList(),
                },
            ],
        };
    }

    /// <summary>
    /// A combination the indicator may be reported by: one category is a stratifier of its own (its code the category),
    /// several are the components of one (FHIR allows a stratifier a code or components, not both). The unit counts each
    /// option itself, so the criteria are descriptions, not expressions to run.
    /// </summary>
    private static Measure.StratifierComponent Stratifier(string combo, DisaggregationRules rules, FhirUrls urls)
    {
        string Describe(string category) => rules.Categories.TryGetValue(category, out var known)
            ? $"{known.NameEn} ({known.NameVi}): {string.Join(", ", known.Options.Select(o => o.Code))}"
            : category;
        Expression Criteria(string category) => new() { Language = "text/plain", Expression_ = $"The option of {category} the unit counts the value for." };
        var categories = combo.Split('+');
        return categories.Length == 1
            ? new Measure.StratifierComponent { Code = new CodeableConcept(urls.CategorySystem, combo), Description = Describe(combo), Criteria = Criteria(combo) }
            : new Measure.StratifierComponent
            {
                Component = categories.Select(c => new Measure.ComponentComponent
                {
                    Code = new CodeableConcept(urls.CategorySystem, c),
                    Description = Describe(c),
                    Criteria = Criteria(c),
                }).ToList(),
            };
    }

    /// <summary>A population of a value the unit counts itself: its criteria are a description, not an expression to run.</summary>
    private static Measure.PopulationComponent Population(string code, string description) => new()
    {
        Code = new CodeableConcept(FhirUrls.MeasurePopulation, code),
        Criteria = new Expression { Language = "text/plain", Expression_ = description },
    };

    /// <summary>
    /// A percent counts a part of its denominator (proportion); per-10k, per-1000 and ratios set two counts against
    /// each other (ratio); years, centimetres, counts and indices are measured values (continuous-variable).
    /// </summary>
    public static string Scoring(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "proportion",
        IndicatorUnit.Per10k or IndicatorUnit.Per1000 or IndicatorUnit.Ratio => "ratio",
        _ => "continuous-variable",
    };

    public static CodeableConcept ImprovementNotation(Direction direction) =>
        new(FhirUrls.ImprovementNotation, direction == Direction.Higher ? "increase" : "decrease");

    /// <summary>The UCUM code of an indicator's unit, with its name as the display.</summary>
    public static Coding UnitCoding(IndicatorUnit unit) =>
        new(FhirUrls.Ucum, UcumCode(unit), EnumText.Of(unit));

    public static Quantity Quantity(decimal value, IndicatorUnit unit) =>
        new() { Value = value, Unit = EnumText.Of(unit), System = FhirUrls.Ucum, Code = UcumCode(unit) };

    private static string UcumCode(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "%",
        IndicatorUnit.Per10k => "/10*4",
        IndicatorUnit.Per1000 => "/10*3",
        IndicatorUnit.Years => "a",
        IndicatorUnit.Cm => "cm",
        _ => "1",
    };
}
