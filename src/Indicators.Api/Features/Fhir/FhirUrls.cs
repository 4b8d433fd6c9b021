using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Fhir;

/// <summary>
/// The service's own FHIR URLs, under the base it is reached at: the Measure canonicals, the identifier systems of
/// indicators and units, and the extensions it defines (README, "FHIR").
/// </summary>
public sealed record FhirUrls(string Base)
{
    public static FhirUrls Of(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}{ApiRoutes.Fhir}");

    public const string Ucum = "http://unitsofmeasure.org";
    public const string MeasureScoring = "http://terminology.hl7.org/CodeSystem/measure-scoring";
    public const string MeasurePopulation = "http://terminology.hl7.org/CodeSystem/measure-population";
    public const string ImprovementNotation = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation";

    /// <summary>The identifier system of indicator codes (DOCTORS_PER_10K).</summary>
    public string IndicatorSystem => Base + "/NamingSystem/indicator";

    /// <summary>The identifier system of unit ids (51@2025-07-01).</summary>
    public string UnitSystem => Base + "/NamingSystem/unit";

    /// <summary>Measure: the indicator's unit of measure (UCUM where it has a code).</summary>
    public string UnitExtension => Base + "/StructureDefinition/indicator-unit";

    /// <summary>MeasureReport: reported (as the unit sent it) or derived (rolled up from its parts).</summary>
    public string SourceExtension => Base + "/StructureDefinition/value-source";

    /// <summary>MeasureReport of a derived value: the share of the parts that reported.</summary>
    public string CoverageExtension => Base + "/StructureDefinition/coverage-pct";

    /// <summary>MeasureReport: a target judged on this value and its attainment (one extension per target).</summary>
    public string TargetExtension => Base + "/StructureDefinition/target-attainment";

    /// <summary>The code system of the disaggregation categories (sex, ageGroup) and their combinations (ageGroup+sex): the stratifiers' codes.</summary>
    public string CategorySystem => Base + "/CodeSystem/category";

    /// <summary>The code system of one category's options (female of sex): the strata's values.</summary>
    public string OptionSystem(string category) => CategorySystem + "/" + category;

    public string Measure(string indicator) => Base + "/Measure/" + FhirIds.MeasureId(indicator);
}

/// <summary>FHIR ids ([A-Za-z0-9-.]{1,64}) of the service's codes: an indicator code's '_' becomes '-', a unit id's '@' too.</summary>
public static class FhirIds
{
    public static string MeasureId(string indicator) => indicator.Replace('_', '-');

    /// <summary>The indicator of a Measure id, canonical URL or code.</summary>
    public static string Indicator(string measure)
    {
        var id = measure.TrimEnd('/');
        id = id[(id.LastIndexOf('/') + 1)..];
        var version = id.IndexOf('|');
        return (version >= 0 ? id[..version] : id).Replace('-', '_');
    }

    /// <summary>The id of a MeasureReport of one indicator, unit and period; null when it would be longer than FHIR allows.</summary>
    public static string? ReportId(string indicator, string unit, string period)
    {
        var id = $"{MeasureId(indicator)}.{unit.Replace('@', '-')}.{period}";
        return id.Length <= 64 ? id : null;
    }
}
