using System.Security.Claims;
using Indicators.Api.Domain;

namespace Indicators.Api.Infrastructure;

/// <summary>The <c>Reports</c> configuration section.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>The lowest submission status whose values reports count: draft, submitted (default) or approved.</summary>
    public SubmissionStatus MinimumStatus { get; set; } = SubmissionStatus.Submitted;

    /// <summary>The statuses counted, as stored text.</summary>
    public IReadOnlyList<string> CountedStatuses => SubmissionWorkflow.CountedInReports(MinimumStatus).Select(EnumText.Of).ToList();

    /// <summary>The statuses whose values a caller may list: staff who write or approve see every one (null), readers what reports count.</summary>
    public IReadOnlyList<string>? VisibleStatuses(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Approver) || user.IsInRole(Roles.Reporter) ? null : CountedStatuses;
}
