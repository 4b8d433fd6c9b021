using Indicators.Api.Domain;

namespace Indicators.Api.Features.Submissions;

/// <summary>The <c>Approval</c> configuration section.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approval";

    /// <summary>The approval levels, lowest first: <c>commune,province,ministry</c> (default); <c>province</c> alone is a single level.</summary>
    public string Levels { get; set; } = "commune,province,ministry";

    /// <summary>The levels as configured; null when <see cref="Levels"/> is not a list of levels (the start stops).</summary>
    public IReadOnlyList<ApprovalLevel>? Chain => ApprovalChain.TryParse(Levels, out var levels, out _) ? levels : null;
}
