namespace Indicators.Api.Features.Reports.GetCompliance;

/// <summary>The <c>Compliance</c> configuration section: the reporting deadlines of Thông tư 37/2019/TT-BYT.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>Working days after the period's end for a province (and the country).</summary>
    public int ProvinceWorkingDays { get; set; } = 25;

    /// <summary>Working days after the period's end for a commune.</summary>
    public int CommuneWorkingDays { get; set; } = 5;

    /// <summary>Dates are judged in Vietnam's time (UTC+7, no daylight saving).</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(7);
}
