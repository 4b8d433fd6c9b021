using System.Globalization;
using System.Text.RegularExpressions;
using Indicators.Api.Domain;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Every route of the API, written once. An endpoint declares its route with a template below; a caller builds the URL
/// of a route with parameters with its <c>…Url</c> method, which escapes each value into the path. A route without
/// parameters is its own URL. A query string is the caller's to append: <c>ApiRoutes.Targets + "?unit=51"</c>.
/// </summary>
public static partial class ApiRoutes
{
    public const string Me = "/api/v1/me";

    public const string Keys = "/api/v1/admin/keys";
    public const string Key = Keys + "/{id:long}";
    public static string KeyUrl(long id) => Fill(Key, id);

    public const string Backup = "/api/v1/admin/backup";

    public const string Agencies = "/api/v1/agencies";

    public const string Attainment = "/api/v1/attainment";

    public const string Series = "/api/v1/series";

    public const string Categories = "/api/v1/categories";
    public const string CategoryOption = Categories + "/{category}/options/{code}";
    public static string CategoryOptionUrl(string category, string code) => Fill(CategoryOption, category, code);

    public const string Explanations = "/api/v1/explanations";
    public const string Explanation = Explanations + "/{id:long}";
    public static string ExplanationUrl(long id) => Fill(Explanation, id);
    public const string ExplanationHistory = Explanation + "/history";
    public static string ExplanationHistoryUrl(long id) => Fill(ExplanationHistory, id);

    public const string Imports = "/api/v1/imports";
    public const string ImportTemplate = Imports + "/template";

    /// <summary>DHIS2's import, also at DHIS2's own path so that a DHIS2 client pointed at the service works.</summary>
    public const string DataValueSets = "/api/v1/dataValueSets";
    public const string Dhis2DataValueSets = "/api/dataValueSets";

    public const string Indicators = "/api/v1/indicators";
    public const string Indicator = Indicators + "/{code}";
    public static string IndicatorUrl(string code) => Fill(Indicator, code);
    public const string IndicatorDisaggregations = Indicators + "/{indicator}/disaggregations";
    public static string IndicatorDisaggregationsUrl(string indicator) => Fill(IndicatorDisaggregations, indicator);

    public const string Notifications = "/api/v1/notifications";

    public const string Compliance = "/api/v1/reports/compliance";
    public const string Equity = "/api/v1/reports/equity";
    public const string Gaps = "/api/v1/reports/gaps";
    public const string OverdueTasks = "/api/v1/reports/overdue-tasks";
    public const string Scorecard = "/api/v1/reports/scorecard/{unit}";
    public static string ScorecardUrl(string unit) => Fill(Scorecard, unit);

    public const string Submissions = "/api/v1/submissions";
    public const string Submission = Submissions + "/{unit}/{period}";
    public static string SubmissionUrl(string unit, string period) => Fill(Submission, unit, period);

    /// <summary>A step of the workflow (submit, approve, return, reopen); saving is the PUT of <see cref="Submission"/>.</summary>
    public static string SubmissionStep(SubmissionAction step) => step == SubmissionAction.Save
        ? throw new ArgumentOutOfRangeException(nameof(step), "A submission is saved by PUT on its own route.")
        : Submission + "/" + EnumText.Of(step);
    public static string SubmissionStepUrl(string unit, string period, SubmissionAction step) => Fill(SubmissionStep(step), unit, period);

    public const string Targets = "/api/v1/targets";
    public const string Target = Targets + "/{id:long}";
    public static string TargetUrl(long id) => Fill(Target, id);
    public const string TargetHistory = Target + "/history";
    public static string TargetHistoryUrl(long id) => Fill(TargetHistory, id);

    public const string Tasks = "/api/v1/tasks";
    public const string Task = Tasks + "/{id:long}";
    public static string TaskUrl(long id) => Fill(Task, id);
    public const string TaskStatus = Task + "/status";
    public static string TaskStatusUrl(long id) => Fill(TaskStatus, id);

    public const string Units = "/api/v1/units";
    public const string Unit = Units + "/{unit}";
    public static string UnitUrl(string unit) => Fill(Unit, unit);

    public const string Values = "/api/v1/values";
    public const string ValueAudit = Values + "/audit";

    /// <summary>FHIR R4, beside the JSON API: the transaction bundle is posted to the base.</summary>
    public const string Fhir = "/fhir";
    public const string FhirMetadata = Fhir + "/metadata";
    public const string FhirMeasures = Fhir + "/Measure";
    public const string FhirMeasure = FhirMeasures + "/{indicator}";
    public static string FhirMeasureUrl(string measure) => Fill(FhirMeasure, measure);
    public const string FhirMeasureReports = Fhir + "/MeasureReport";

    private static string Fill(string template, long id) => Fill(template, id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The template with its parameters, in order, replaced by the values, escaped.</summary>
    private static string Fill(string template, params string[] values)
    {
        var expected = Parameter().Count(template);
        if (expected != values.Length) throw new ArgumentException($"{template} takes {expected} values, not {values.Length}.", nameof(values));
        var next = 0;
        return Parameter().Replace(template, _ => Uri.EscapeDataString(values[next++]));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
