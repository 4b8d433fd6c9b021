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
}
