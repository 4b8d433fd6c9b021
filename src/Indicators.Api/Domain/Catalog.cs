using System.Collections.Frozen;
using System.Text.Json;

namespace Indicators.Api.Domain;

public enum IndicatorUnit { Percent, Per10k, Per1000, Years, Cm, Count, Ratio, Index, VndBillion }

public enum Direction { Higher, Lower }

public enum Aggregation { Sum, Ratio, WeightedMean, None }

public enum Frequency { Quarterly, HalfYearly, Yearly }

/// <summary>What a sub-year value stands for: the period alone (a quarter's own figure) or the year to date (lũy kế).</summary>
public enum PeriodBasis { PeriodAlone, YearToDate }

public enum UnitLevel { Country, Province, District, Commune }

public enum Comparator { Gte, Gt, Lte, Lt, Eq, Between }

public enum TargetKind { Absolute, IncreaseBy, DecreaseBy, IncreaseByPercent, DecreaseByPercent, MatchUnit, IncreaseOverPrevious }

/// <summary>The units below its own that a target applies to when they have no target of their own (DESIGN §2 Targets).</summary>
public enum CascadeTo { None, Provinces, ProvincesAndCommunes }

/// <summary>Enums travel as camelCase text in JSON, CSV and the database.</summary>
public static class EnumText
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string? Of<T>(T? value) where T : struct, Enum => value is { } v ? Of(v) : null;

    public static T Parse<T>(string text) where T : struct, Enum =>
        Names<T>.ByText.TryGetValue(text, out var value) ? value : Enum.Parse<T>(text, ignoreCase: true);

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && text.Length > 0 && char.IsLetter(text[0]) && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>Each name of <typeparamref name="T"/>, any case: a stored name is parsed by one lookup (a load parses hundreds of thousands).</summary>
    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<string, T> ByText =
            Enum.GetNames<T>().ToFrozenDictionary(name => name, Enum.Parse<T>, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The multiplier of numerator / denominator for a unit of measure: 100 for percent, 10,000 for per10k, …</summary>
    public static decimal DefaultFactor(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => 100m,
        IndicatorUnit.Per10k => 10000m,
        IndicatorUnit.Per1000 => 1000m,
        _ => 1m,
    };
}
