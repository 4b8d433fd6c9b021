using Microsoft.Extensions.Options;

namespace Indicators.Api.Writing;

/// <summary>The <c>Values</c> configuration section.</summary>
public sealed class ValueOptions
{
    public const string Section = "Values";

    /// <summary>Accept values for periods that have not ended yet (in-period reporting); off by default.</summary>
    public bool AllowOpenPeriods { get; set; }
}

/// <summary>Which periods can be reported today: those that have ended in Vietnam's time, unless open periods are allowed.</summary>
public sealed class ReportablePeriods(TimeProvider clock, IOptions<ValueOptions> options)
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Periods must end before this day; null when any period is accepted.</summary>
    public DateOnly? EndBefore => options.Value.AllowOpenPeriods ? null : DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(VietnamOffset).DateTime);
}
