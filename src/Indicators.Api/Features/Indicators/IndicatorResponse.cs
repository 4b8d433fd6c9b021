using Indicators.Api.Domain;

namespace Indicators.Api.Features.Indicators;

/// <summary>An indicator of the catalog (DESIGN §3).</summary>
public sealed record IndicatorResponse
{
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required string NameEn { get; init; }
    public required IndicatorUnit Unit { get; init; }
    /// <summary>value = numerator / denominator × factor.</summary>
    public required decimal Factor { get; init; }
    public required Direction Direction { get; init; }
    public required Aggregation Aggregation { get; init; }
    public required Frequency Frequency { get; init; }
    public required int Decimals { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public required string Group { get; init; }
    /// <summary>periodAlone (a quarter's own figure) or yearToDate (cumulative from 1 January, as Thông tư 37 reports are).</summary>
    public required PeriodBasis PeriodBasis { get; init; }
    /// <summary>For a ratio: what the numerator counts. A ratio value sent without numerator and denominator cannot roll up.</summary>
    public string? NumeratorVi { get; init; }
    public string? NumeratorEn { get; init; }
    public string? DenominatorVi { get; init; }
    public string? DenominatorEn { get; init; }

    public static IndicatorResponse From(Indicator i) => new()
    {
        Code = i.Code, NameVi = i.NameVi, NameEn = i.NameEn, Unit = i.Unit, Factor = i.Factor, Direction = i.Direction,
        Aggregation = i.Aggregation, Frequency = i.Frequency, Decimals = i.Decimals, Min = i.Min, Max = i.Max, Group = i.Group,
        PeriodBasis = i.PeriodBasis, NumeratorVi = i.NumeratorVi, NumeratorEn = i.NumeratorEn, DenominatorVi = i.DenominatorVi, DenominatorEn = i.DenominatorEn,
    };
}
