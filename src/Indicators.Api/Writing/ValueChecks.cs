using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Writing;

/// <summary>One value as a client sent it, from a submission, an import row or a DHIS2 data value; <paramref name="Disaggregation"/> maps category to option (none: the total).</summary>
public sealed record ValueInput(
    string? Unit, string? Period, string? Indicator, decimal? Value, decimal? Numerator, decimal? Denominator, string? Comment,
    IReadOnlyDictionary<string, string?>? Disaggregation = null);

/// <summary>Why the input at <paramref name="Index"/> was refused, by field (indicator, unit, period, value, numerator, denominator, comment); <paramref name="IsDuplicate"/> when an earlier input names the same value.</summary>
public sealed record ValueError(int Index, string Field, string Message, bool IsDuplicate = false);

/// <summary>
/// The validation of values (DESIGN §2 "Actuals and submissions"), shared by submissions, imports and DHIS2
/// data value sets: known indicator, one of value or numerator + denominator, range, numerator ≤ denominator
/// for percents, the period fits the indicator's frequency and has ended, the unit exists in that period, no duplicates.
/// </summary>
/// <param name="today">Values are refused for periods that end on or after it; null accepts periods that have not ended.</param>
/// <param name="rules">The categories and the combinations each indicator declares; without them only totals pass.</param>
public sealed class ValueChecks(IReadOnlyDictionary<string, Indicator> indicators, UnitGraph units, DateOnly? today, DisaggregationRules? rules = null)
{
    /// <summary>DECIMAL(19,6) holds 13 digits before the point.</summary>
    public const decimal MaxMagnitude = 9_999_999_999_999m;

    public const int MaxCommentLength = 2000;

    /// <summary>Checks <paramref name="inputs"/>; errors are keyed <c>{prefix}[i].{field}</c>, or by <paramref name="sharedField"/> for a unit or period given once for all.</summary>
    public (List<CheckedValue> Values, Dictionary<string, List<string>> Errors) Check(
        IReadOnlyList<ValueInput> inputs, string prefix, Func<string, string?>? sharedField = null)
    {
        var (values, _, rowErrors) = CheckAll(inputs, i => $"{prefix}[{i}]");
        var errors = new Dictionary<string, List<string>>();
        foreach (var (index, field, message, _) in rowErrors)
        {
            var key = sharedField?.Invoke(field) ?? $"{prefix}[{index}].{field}";
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            if (!list.Contains(message)) list.Add(message);
        }
        return (values, errors);
    }

    /// <summary>
    /// Checks every input; the errors name the input's index and field. <paramref name="where"/> names an index in messages
    /// (<c>values[3]</c>, <c>row 4</c>). Inputs for which <paramref name="keyOnly"/> is true are deletions: only what names
    /// the stored value (indicator, period, unit) and the comment are checked, and they come back as keys.
    /// </summary>
    public (List<CheckedValue> Values, List<ValueKey> Keys, List<ValueError> Errors) CheckAll(
        IReadOnlyList<ValueInput> inputs, Func<int, string> where, Func<int, bool>? keyOnly = null)
    {
        var values = new List<CheckedValue>(inputs.Count);
        var keys = new List<ValueKey>();
        var errors = new List<ValueError>();
        var seen = new Dictionary<(string, string, Period, string), int>();
        var disaggregations = rules ?? DisaggregationRules.None;
        // A load names a few periods many times: each is read once.
        var periods = new Dictionary<string, (bool Ok, Period Period, string? Error)>(StringComparer.Ordinal);
        var rowErrors = new List<(string Field, string Message)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            rowErrors.Clear();
            var key = CheckKey(inputs[i], i, rowErrors, periods);
            var isKey = keyOnly?.Invoke(i) ?? false;
            // Deletions may name a period that has not ended; writes may not.
            if (!isKey && key is not null && today is { } day && key.Period.End >= day)
            {
                rowErrors.Add(("period", MessageLanguage.Pick(
                    $"{key.Period} has not ended: it ends on {key.Period.End:yyyy-MM-dd}, and values are accepted from the day after.",
                    $"Kỳ {key.Period.Label} chưa kết thúc: kỳ kết thúc ngày {key.Period.End:dd'/'MM'/'yyyy}, số liệu được nhận từ ngày hôm sau.")));
                key = null;
            }
            var value = isKey ? null : ComputeValue(inputs[i], key is null ? null : indicators[key.Indicator], rowErrors);
            var (disaggregation, disaggregationErrors) = disaggregations.Check(key?.Indicator, inputs[i].Disaggregation);
            rowErrors.AddRange(disaggregationErrors);
            // A value whose disaggregation is refused names no stored value: it is no duplicate of the total.
            if (disaggregation is null) key = null;
            else if (key is not null) key = key with { Disaggregation = disaggregation };
            var duplicate = key is not null && !seen.TryAdd((key.Indicator, key.UnitId, key.Period, key.Disaggregation), i);
            if (rowErrors.Count > 0) errors.AddRange(rowErrors.Distinct().Select(e => new ValueError(i, e.Field, e.Message)));
            if (duplicate) errors.Add(new ValueError(i, "indicator", Duplicate(key!, where(seen[(key!.Indicator, key.UnitId, key.Period, key.Disaggregation)])), IsDuplicate: true));
            if (duplicate || rowErrors.Count > 0 || key is null) continue;
            if (isKey) keys.Add(key);
            else if (value is not null) values.Add(new CheckedValue(key.Indicator, key.UnitId, key.Period, value.Value, inputs[i].Numerator, inputs[i].Denominator, key.Comment, i, key.Disaggregation));
        }
        return (values, keys, errors);
    }

    private static string Duplicate(ValueKey key, string first)
    {
        var value = $"{key.Indicator}{(key.Disaggregation.Length == 0 ? "" : $" ({key.Disaggregation})")}";
        return MessageLanguage.Pick($"{value} for {key.UnitId} in {key.Period} appears more than once; it was first given at {first}.",
            $"{value} của {key.UnitId} kỳ {key.Period.Label} bị trùng: đã có ở {first}.");
    }

    /// <summary>The indicator, period and unit resolved and the comment checked; null when any of them is wrong.</summary>
    private ValueKey? CheckKey(ValueInput input, int index, List<(string, string)> errors, Dictionary<string, (bool Ok, Period Period, string? Error)> periods)
    {
        Indicator? indicator = null;
        if (string.IsNullOrWhiteSpace(input.Indicator)) errors.Add(("indicator", MessageLanguage.Pick("indicator is required.", "Thiếu mã chỉ tiêu.")));
        else if (!indicators.TryGetValue(input.Indicator.Trim(), out indicator)) errors.Add(("indicator", MessageLanguage.Pick($"Unknown indicator '{Shorten(input.Indicator)}'.", $"Không có chỉ tiêu '{Shorten(input.Indicator)}' trong danh mục.")));

        var periodText = input.Period?.Trim() ?? "";
        if (!periods.TryGetValue(periodText, out var read))
        {
            periods[periodText] = read = (Period.TryParse(periodText, out var parsed, out var error), parsed, error);
        }
        var (periodOk, period, periodError) = read;
        if (!periodOk) errors.Add(("period", periodError!));
        else if (indicator is not null && period.Misfit(indicator) is { } misfit) errors.Add(("period", misfit));

        UnitVersion? unit = null;
        if (string.IsNullOrWhiteSpace(input.Unit)) errors.Add(("unit", MessageLanguage.Pick("unit is required.", "Thiếu mã đơn vị.")));
        else if (periodOk)
        {
            var resolved = units.Resolve(input.Unit.Trim(), period.End);
            unit = resolved.Unit;
            // A unit reports a period if it exists at the period's end: the merged province reports all of 2025.
            if (unit is null) errors.Add(("unit", resolved.Error!));
            else if (!unit.IsValidOn(period.End))
            {
                errors.Add(("unit", MessageLanguage.Pick($"Unit {unit.Id} ({unit.NameVi}) does not exist on {period.End:yyyy-MM-dd}, the end of {period}.",
                    $"Đơn vị {unit.Id} ({unit.NameVi}) không tồn tại vào ngày {period.End:dd'/'MM'/'yyyy}, ngày cuối kỳ {period.Label}.")));
            }
        }

        var comment = TextFold.Nfc(input.Comment);
        if (comment is not null && (comment.Length > MaxCommentLength || !TextRules.IsPrintable(comment)))
        {
            errors.Add(("comment", MessageLanguage.Pick($"comment must be at most {MaxCommentLength} characters without control characters.",
                $"Ghi chú dài tối đa {MaxCommentLength} ký tự và không chứa ký tự điều khiển.")));
        }

        if (indicator is null || unit is null || !periodOk || errors.Count > 0) return null;
        return new ValueKey(indicator.Code, unit.Id, period, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), index);
    }

    private static decimal? ComputeValue(ValueInput input, Indicator? indicator, List<(string, string)> errors)
    {
        var hasRatio = input.Numerator is not null || input.Denominator is not null;
        if (input.Value is null && !hasRatio)
        {
            errors.Add(("value", MessageLanguage.Pick("Give value, or numerator and denominator.", "Cần nhập giá trị, hoặc tử số và mẫu số.")));
            return null;
        }
        if (hasRatio && (input.Numerator is null || input.Denominator is null))
        {
            errors.Add((input.Numerator is null ? "numerator" : "denominator", MessageLanguage.Pick("numerator and denominator go together.", "Tử số và mẫu số phải nhập cùng nhau.")));
            return null;
        }
        void CheckMagnitude(string field, decimal? number)
        {
            if (number is { } n && Math.Abs(n) > MaxMagnitude)
            {
                errors.Add((field, MessageLanguage.Pick($"{field} is too large (at most {MaxMagnitude:N0}).", $"{ColumnHeaders.Of(typeof(ValueInput), field, HeaderLanguage.Vietnamese)} quá lớn (tối đa {MaxMagnitude:N0}).")));
            }
        }
        CheckMagnitude("value", input.Value);
        CheckMagnitude("numerator", input.Numerator);
        CheckMagnitude("denominator", input.Denominator);
        if (input.Denominator is <= 0) errors.Add(("denominator", MessageLanguage.Pick("denominator must be greater than 0.", "Mẫu số phải lớn hơn 0.")));
        if (input.Numerator is < 0) errors.Add(("numerator", MessageLanguage.Pick("numerator must not be negative.", "Tử số không được âm.")));
        if (errors.Count > 0 || indicator is null) return null;

        var value = input.Value;
        if (hasRatio)
        {
            if (indicator.Unit == IndicatorUnit.Percent && input.Numerator > input.Denominator)
            {
                errors.Add(("numerator", MessageLanguage.Pick($"numerator ({input.Numerator}) must not exceed denominator ({input.Denominator}) for a percentage.",
                    $"Tử số ({input.Numerator}) không được lớn hơn mẫu số ({input.Denominator}) với chỉ tiêu tính theo tỷ lệ phần trăm.")));
                return null;
            }
            var computed = Math.Round(input.Numerator!.Value / input.Denominator!.Value * indicator.Factor, 6);
            if (value is not null && Math.Round(value.Value, indicator.Decimals) != Math.Round(computed, indicator.Decimals))
            {
                var expected = Math.Round(computed, indicator.Decimals);
                errors.Add(("value", MessageLanguage.Pick($"value {value} does not match numerator / denominator × {indicator.Factor} = {expected}.",
                    $"Giá trị {value} không khớp với tử số / mẫu số × {indicator.Factor} = {expected}.")));
                return null;
            }
            value = computed;
        }
        if (value < indicator.Min || value > indicator.Max)
        {
            var (min, max) = (indicator.Min?.ToString() ?? "-∞", indicator.Max?.ToString() ?? "∞");
            errors.Add(("value", MessageLanguage.Pick($"{indicator.Code} must be between {min} and {max}; got {value}.",
                $"{indicator.Code} phải nằm trong khoảng {min} đến {max}; giá trị nhập là {value}.")));
            return null;
        }
        return value;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
