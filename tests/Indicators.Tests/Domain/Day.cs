using System.Globalization;

namespace Indicators.Tests.Domain;

/// <summary>Dates written as ISO text in test tables.</summary>
internal static class Day
{
    public static DateOnly Of(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
