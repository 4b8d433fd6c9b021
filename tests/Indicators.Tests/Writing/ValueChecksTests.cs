using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Api.Writing;

namespace Indicators.Tests.Writing;

/// <summary>Every refusal of the value checks, in English by default and in Vietnamese for a request that asks for it.</summary>
public sealed class ValueChecksTests
{
    private const string Commune = "00001@2025-07-01";
    private const string Former = "00002@2020-01-01";

    private static readonly Dictionary<string, Indicator> Indicators = new(StringComparer.Ordinal)
    {
        ["BHYT"] = new Indicator
        {
            Code = "BHYT", NameVi = "Tỷ lệ bao phủ BHYT", NameEn = "Health insurance coverage", Unit = IndicatorUnit.Percent, Factor = 100m,
            Direction = Direction.Higher, Aggregation = Aggregation.Ratio, Frequency = Frequency.Quarterly, Decimals = 1, Group = "g",
            PeriodBasis = PeriodBasis.PeriodAlone, Min = 0, Max = 100,
        },
        ["DOCTORS"] = new Indicator
        {
            Code = "DOCTORS", NameVi = "Số bác sĩ", NameEn = "Doctors", Unit = IndicatorUnit.Count, Factor = 1m, Direction = Direction.Higher,
            Aggregation = Aggregation.Sum, Frequency = Frequency.Yearly, Decimals = 0, Group = "g", PeriodBasis = PeriodBasis.PeriodAlone,
        },
    };

    private static readonly UnitGraph Units = new([
        new UnitVersion(Commune, "00001", "Phường Một", UnitLevel.Commune, null, new DateOnly(2025, 7, 1), null, null),
        new UnitVersion(Former, "00002", "Xã Hai", UnitLevel.Commune, null, new DateOnly(2020, 1, 1), new DateOnly(2025, 6, 30), Commune),
    ]);

    private static ValueInput Input(string? indicator = "BHYT", string? unit = Commune, string? period = "2025Q3", decimal? value = null,
        decimal? numerator = null, decimal? denominator = null, string? comment = null) =>
        new(unit, period, indicator, value, numerator, denominator, comment);

    private static IEnumerable<TestCaseData> Refusals()
    {
        TestCaseData Case(ValueInput input, string field, string english, string vietnamese, string name) =>
            new TestCaseData(input, field, english, vietnamese).SetName($"{{m}}({name})");
        yield return Case(Input(indicator: null, value: 90), "indicator", "indicator is required.", "Thiếu mã chỉ tiêu.", "no indicator");
        yield return Case(Input(indicator: "NOPE", value: 90), "indicator", "Unknown indicator 'NOPE'.", "Không có chỉ tiêu 'NOPE' trong danh mục.", "unknown indicator");
        yield return Case(Input(unit: null, value: 90), "unit", "unit is required.", "Thiếu mã đơn vị.", "no unit");
        yield return Case(Input(unit: "99999", value: 90), "unit", "Unknown unit '99999'.", "Không có đơn vị '99999' trong danh mục.", "unknown unit");
        yield return Case(Input(unit: "00002", value: 90), "unit", $"Unit {Former} (Xã Hai) ended on 2025-06-30; its successor is {Commune} (Phường Một).",
            $"Đơn vị {Former} (Xã Hai) đã kết thúc ngày 30/06/2025; đơn vị kế thừa là {Commune} (Phường Một).", "ended unit");
        yield return Case(Input(unit: "00001", period: "2025Q2", value: 90), "unit", $"Unit {Commune} (Phường Một) starts on 2025-07-01.",
            $"Đơn vị {Commune} (Phường Một) bắt đầu từ ngày 01/07/2025.", "unit not yet formed");
        yield return Case(Input(period: "2025Q2", value: 90), "unit", $"Unit {Commune} (Phường Một) does not exist on 2025-06-30, the end of 2025Q2.",
            $"Đơn vị {Commune} (Phường Một) không tồn tại vào ngày 30/06/2025, ngày cuối kỳ Quý II/2025.", "unit id before it existed");
        yield return Case(Input(period: "2026Q1", value: 90), "period", "2026Q1 has not ended: it ends on 2026-03-31, and values are accepted from the day after.",
            "Kỳ Quý I/2026 chưa kết thúc: kỳ kết thúc ngày 31/03/2026, số liệu được nhận từ ngày hôm sau.", "open period");
        yield return Case(Input(period: "2025", value: 90), "period", "BHYT is reported quarterly; a year period such as 2025 does not fit it.",
            "BHYT được báo cáo theo quý; kỳ Năm 2025 không phù hợp.", "period coarser than the indicator's");
        yield return Case(Input(period: "2025L9", value: 90), "period", "BHYT is reported for each period alone; 2025L9 is the nine months to September, a year-to-date figure.",
            "BHYT được báo cáo riêng từng kỳ; 9 tháng năm 2025 là số lũy kế 9 tháng đầu năm.", "nine months of a period-alone indicator");
        yield return Case(Input(value: 90, comment: new string('x', ValueChecks.MaxCommentLength + 1)), "comment",
            "comment must be at most 2000 characters without control characters.", "Ghi chú dài tối đa 2000 ký tự và không chứa ký tự điều khiển.", "long comment");
        yield return Case(Input(), "value", "Give value, or numerator and denominator.", "Cần nhập giá trị, hoặc tử số và mẫu số.", "no figure");
        yield return Case(Input(numerator: 9), "denominator", "numerator and denominator go together.", "Tử số và mẫu số phải nhập cùng nhau.", "numerator alone");
        yield return Case(Input(value: 1e14m), "value", $"value is too large (at most {ValueChecks.MaxMagnitude:N0}).",
            $"Giá trị quá lớn (tối đa {ValueChecks.MaxMagnitude:N0}).", "huge value");
        yield return Case(Input(numerator: 1, denominator: 1e14m), "denominator", $"denominator is too large (at most {ValueChecks.MaxMagnitude:N0}).",
            $"Mẫu số quá lớn (tối đa {ValueChecks.MaxMagnitude:N0}).", "huge denominator");
        yield return Case(Input(numerator: 5, denominator: 0), "denominator", "denominator must be greater than 0.", "Mẫu số phải lớn hơn 0.", "zero denominator");
        yield return Case(Input(numerator: -1, denominator: 10), "numerator", "numerator must not be negative.", "Tử số không được âm.", "negative numerator");
        yield return Case(Input(numerator: 11, denominator: 10), "numerator", "numerator (11) must not exceed denominator (10) for a percentage.",
            "Tử số (11) không được lớn hơn mẫu số (10) với chỉ tiêu tính theo tỷ lệ phần trăm.", "numerator over denominator");
        yield return Case(Input(value: 50, numerator: 9, denominator: 10), "value", "value 50 does not match numerator / denominator × 100 = 90.0.",
            "Giá trị 50 không khớp với tử số / mẫu số × 100 = 90.0.", "value against its ratio");
        yield return Case(Input(value: 150), "value", "BHYT must be between 0 and 100; got 150.", "BHYT phải nằm trong khoảng 0 đến 100; giá trị nhập là 150.", "out of range");
    }

    [TestCaseSource(nameof(Refusals))]
    public void A_refused_value_is_told_in_the_language_asked_for(ValueInput input, string field, string english, string vietnamese)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal(input, "en"), Is.EqualTo((field, english)));
            Assert.That(Refusal(input, "vi"), Is.EqualTo((field, vietnamese)));
        });
    }

    [Test]
    public void A_value_given_twice_is_refused_in_the_language_asked_for()
    {
        var inputs = new[] { Input(value: 90), Input(value: 91) };

        Assert.That(Errors(inputs, "en").Single(), Is.EqualTo((1, "indicator", $"BHYT for {Commune} in 2025Q3 appears more than once; it was first given at row 1.")));
        Assert.That(Errors(inputs, "vi").Single(), Is.EqualTo((1, "indicator", $"BHYT của {Commune} kỳ Quý III/2025 bị trùng: đã có ở row 1.")));
    }

    [TestCase("en")]
    [TestCase("vi")]
    public void A_value_that_passes_has_no_message(string language)
    {
        Assert.That(Errors([Input(value: 90), Input(period: "2025Q4", numerator: 9, denominator: 10), Input(indicator: "DOCTORS", period: "2025", value: 12)], language), Is.Empty);
    }

    private static (string Field, string Message) Refusal(ValueInput input, string language)
    {
        var errors = Errors([input], language);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join(" | ", errors));
        return (errors[0].Field, errors[0].Message);
    }

    /// <summary>The checks' errors as a request of <paramref name="language"/> gets them (the service sets its UI culture).</summary>
    private static List<(int Index, string Field, string Message)> Errors(IReadOnlyList<ValueInput> inputs, string language)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            var checks = new ValueChecks(Indicators, Units, today: new DateOnly(2026, 1, 10));
            return checks.CheckAll(inputs, i => $"row {i + 1}").Errors.Select(e => (e.Index, e.Field, e.Message)).ToList();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
