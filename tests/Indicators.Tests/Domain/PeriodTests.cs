using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class PeriodTests
{
    [TestCase("2025", "2025", 2025, PeriodKind.Year, 1, "2025-01-01", "2025-12-31")]
    [TestCase("2025S1", "2025S1", 2025, PeriodKind.HalfYear, 1, "2025-01-01", "2025-06-30")]
    [TestCase("2025S2", "2025S2", 2025, PeriodKind.HalfYear, 2, "2025-07-01", "2025-12-31")]
    [TestCase("2025Q1", "2025Q1", 2025, PeriodKind.Quarter, 1, "2025-01-01", "2025-03-31")]
    [TestCase("2025Q2", "2025Q2", 2025, PeriodKind.Quarter, 2, "2025-04-01", "2025-06-30")]
    [TestCase("2025Q3", "2025Q3", 2025, PeriodKind.Quarter, 3, "2025-07-01", "2025-09-30")]
    [TestCase("2025Q4", "2025Q4", 2025, PeriodKind.Quarter, 4, "2025-10-01", "2025-12-31")]
    [TestCase("202501", "202501", 2025, PeriodKind.Month, 1, "2025-01-01", "2025-01-31")]
    [TestCase("202502", "202502", 2025, PeriodKind.Month, 2, "2025-02-01", "2025-02-28")]
    [TestCase("202402", "202402", 2024, PeriodKind.Month, 2, "2024-02-01", "2024-02-29")]
    [TestCase("202504", "202504", 2025, PeriodKind.Month, 4, "2025-04-01", "2025-04-30")]
    [TestCase("202507", "202507", 2025, PeriodKind.Month, 7, "2025-07-01", "2025-07-31")]
    [TestCase("202512", "202512", 2025, PeriodKind.Month, 12, "2025-12-01", "2025-12-31")]
    [TestCase("1900", "1900", 1900, PeriodKind.Year, 1, "1900-01-01", "1900-12-31")]
    [TestCase("2100", "2100", 2100, PeriodKind.Year, 1, "2100-01-01", "2100-12-31")]
    [TestCase("210012", "210012", 2100, PeriodKind.Month, 12, "2100-12-01", "2100-12-31")]
    [TestCase("2025q3", "2025Q3", 2025, PeriodKind.Quarter, 3, "2025-07-01", "2025-09-30")]
    [TestCase("2025s2", "2025S2", 2025, PeriodKind.HalfYear, 2, "2025-07-01", "2025-12-31")]
    [TestCase("2025L9", "2025L9", 2025, PeriodKind.NineMonths, 1, "2025-01-01", "2025-09-30")] // lũy kế 9 tháng (Thông tư 37)
    [TestCase("2025l9", "2025L9", 2025, PeriodKind.NineMonths, 1, "2025-01-01", "2025-09-30")]
    public void TryParse_reads_every_format(string text, string id, int year, PeriodKind kind, int number, string start, string end)
    {
        var ok = Period.TryParse(text, out var period, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(error, Is.Null);
            Assert.That(period.Id, Is.EqualTo(id));
            Assert.That(period.ToString(), Is.EqualTo(id));
            Assert.That(period.Kind, Is.EqualTo(kind));
            Assert.That(period.Year, Is.EqualTo(year));
            Assert.That(period.Number, Is.EqualTo(number));
            Assert.That(period.Start, Is.EqualTo(Day.Of(start)));
            Assert.That(period.End, Is.EqualTo(Day.Of(end)));
        });
    }

    [TestCase(null, "empty")]
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("2025Q5", "quarter must be 1 to 4")]
    [TestCase("2025Q0", "quarter must be 1 to 4")]
    [TestCase("2025S3", "half year must be 1 or 2")]
    [TestCase("2025S0", "half year must be 1 or 2")]
    [TestCase("202513", "month must be 01 to 12")]
    [TestCase("202500", "month must be 01 to 12")]
    [TestCase("2025L6", "the cumulative period is L9")]
    [TestCase("2025L1", "the cumulative period is L9")]
    [TestCase("1899", "year must be between 1900 and 2100")]
    [TestCase("2101", "year must be between 1900 and 2100")]
    [TestCase("0000", "year must be between 1900 and 2100")]
    [TestCase("9999Q1", "year must be between 1900 and 2100")]
    [TestCase("2025-Q1", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("20251", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025Q", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025Q10", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025-07", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025W1", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025QA", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("025", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("25Q1", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("abcd", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase(" 2025", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025 ", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("+2025", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("-202", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("２０２５", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    [TestCase("2025+1", "expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM")]
    public void TryParse_rejects_with_a_clear_error(string? text, string expectedError)
    {
        var ok = Period.TryParse(text, out var period, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain(expectedError));
            Assert.That(period, Is.EqualTo(default(Period)));
        });
    }

    [Test]
    public void Parse_throws_a_format_exception_with_the_error()
    {
        Assert.That(() => Period.Parse("2025Q5"), Throws.TypeOf<FormatException>().With.Message.Contains("quarter must be 1 to 4"));
    }

    [Test]
    public void Lower_case_and_upper_case_identifiers_are_the_same_period()
    {
        Assert.That(Period.Parse("2025q1"), Is.EqualTo(Period.Parse("2025Q1")));
    }

    [TestCase("2025", "2025S2", -1)]
    [TestCase("2025S2", "2025Q4", -1)]
    [TestCase("2025Q4", "202512", -1)]
    [TestCase("202512", "2025", 1)]
    [TestCase("2025Q1", "202504", -1)]
    [TestCase("2025S1", "2025Q2", -1)]
    [TestCase("2024", "2025Q1", -1)]
    [TestCase("202503", "2025Q1", 1)]
    [TestCase("2025Q3", "2025Q3", 0)]
    public void Periods_order_by_end_then_by_start(string left, string right, int expectedSign)
    {
        var a = Period.Parse(left);
        var b = Period.Parse(right);

        Assert.Multiple(() =>
        {
            Assert.That(Math.Sign(a.CompareTo(b)), Is.EqualTo(expectedSign));
            Assert.That(Math.Sign(b.CompareTo(a)), Is.EqualTo(-expectedSign));
            Assert.That(a < b, Is.EqualTo(expectedSign < 0));
            Assert.That(a <= b, Is.EqualTo(expectedSign <= 0));
            Assert.That(a > b, Is.EqualTo(expectedSign > 0));
            Assert.That(a >= b, Is.EqualTo(expectedSign >= 0));
        });
    }

    [Test]
    public void Sorting_puts_the_latest_end_last()
    {
        var ids = new[] { "202512", "2026Q1", "2025", "2025Q4", "2025S1", "202501", "2025S2" };

        var sorted = ids.Select(Period.Parse).Order().Select(p => p.Id).ToList();

        Assert.That(sorted, Is.EqualTo(new List<string> { "202501", "2025S1", "2025", "2025S2", "2025Q4", "202512", "2026Q1" }));
    }

    [TestCase("2025", Frequency.Yearly, true)]
    [TestCase("2025S1", Frequency.Yearly, true)]
    [TestCase("2025Q1", Frequency.Yearly, true)]
    [TestCase("202501", Frequency.Yearly, true)]
    [TestCase("2025", Frequency.HalfYearly, false)]
    [TestCase("2025S1", Frequency.HalfYearly, true)]
    [TestCase("2025Q1", Frequency.HalfYearly, true)]
    [TestCase("202501", Frequency.HalfYearly, true)]
    [TestCase("2025", Frequency.Quarterly, false)]
    [TestCase("2025S1", Frequency.Quarterly, false)]
    [TestCase("2025Q1", Frequency.Quarterly, true)]
    [TestCase("202501", Frequency.Quarterly, true)]
    public void A_period_fits_its_frequency_or_a_coarser_one(string period, Frequency frequency, bool fits)
    {
        Assert.That(Period.Parse(period).FitsFrequency(frequency), Is.EqualTo(fits));
    }

    [Test]
    public void ForYear_is_the_whole_year()
    {
        var year = Period.ForYear(2030);

        Assert.Multiple(() =>
        {
            Assert.That(year, Is.EqualTo(Period.Parse("2030")));
            Assert.That(year.Kind, Is.EqualTo(PeriodKind.Year));
            Assert.That(year.Start, Is.EqualTo(new DateOnly(2030, 1, 1)));
            Assert.That(year.End, Is.EqualTo(new DateOnly(2030, 12, 31)));
        });
    }

    [TestCase(1899)]
    [TestCase(2101)]
    public void ForYear_refuses_absurd_years(int year)
    {
        Assert.That(() => Period.ForYear(year), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(PeriodKind.Year, new[] { "2025" })]
    [TestCase(PeriodKind.HalfYear, new[] { "2025S1", "2025S2" })]
    [TestCase(PeriodKind.Quarter, new[] { "2025Q1", "2025Q2", "2025Q3", "2025Q4" })]
    [TestCase(PeriodKind.Month, new[] { "202501", "202502", "202503", "202504", "202505", "202506", "202507", "202508", "202509", "202510", "202511", "202512" })]
    public void InYear_lists_the_periods_of_one_length(PeriodKind kind, string[] expected)
    {
        Assert.That(Period.InYear(2025, kind).Select(p => p.Id), Is.EqualTo(expected));
    }

    [Test]
    public void Every_period_of_every_year_has_its_own_id_and_label_and_ends_on_the_last_day_of_its_months()
    {
        var months = new Dictionary<PeriodKind, int>
        {
            [PeriodKind.Month] = 1, [PeriodKind.Quarter] = 3, [PeriodKind.HalfYear] = 6, [PeriodKind.NineMonths] = 9, [PeriodKind.Year] = 12,
        };
        var periods = Enumerable.Range(Period.MinYear, Period.MaxYear - Period.MinYear + 1)
            .SelectMany(year => Enum.GetValues<PeriodKind>().SelectMany(kind => Period.InYear(year, kind)))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(periods, Has.Count.EqualTo(201 * 20));
            // Read twice: the second reading comes from the table the first filled.
            Assert.That(periods.Select(p => p.Id).Distinct().Count(), Is.EqualTo(periods.Count));
            Assert.That(periods.Select(p => p.Label).Distinct().Count(), Is.EqualTo(periods.Count));
            Assert.That(periods.Where(p => Period.Parse(p.Id) != p), Is.Empty);
            Assert.That(periods.Where(p => Period.LabelOf(p.Id) != p.Label), Is.Empty);
            Assert.That(periods.Where(p => p.End != p.Start.AddMonths(months[p.Kind]).AddDays(-1)), Is.Empty);
        });
    }

    // t = year + dayOfYear / daysInYear, day numbers counted by hand: 30 June is day 181 (182 in a leap year).
    [TestCase("2025-12-31", 2026, 0, 1)]
    [TestCase("2024-12-31", 2025, 0, 1)]
    [TestCase("2025-01-01", 2025, 1, 365)]
    [TestCase("2025-06-30", 2025, 181, 365)]
    [TestCase("2024-06-30", 2024, 182, 366)]
    [TestCase("2024-02-29", 2024, 60, 366)]
    [TestCase("2025-03-31", 2025, 90, 365)]
    public void DecimalYear_counts_days_from_the_start_of_the_year(string date, int whole, int days, int daysInYear)
    {
        var expected = whole + (decimal)days / daysInYear;

        Assert.That(Period.DecimalYear(Day.Of(date)), Is.EqualTo(expected));
    }

    // Every day of a common and a leap year, and the first and last years a date has, to the last of the decimal's digits.
    [TestCase(2025)]
    [TestCase(2024)]
    [TestCase(1)]
    [TestCase(9999)]
    public void DecimalYear_is_exact_on_every_day_of_the_year(int year)
    {
        var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
        var wrong = Enumerable.Range(1, daysInYear)
            .Select(day => new DateOnly(year, 1, 1).AddDays(day - 1))
            .Where(date => Period.DecimalYear(date) != year + (decimal)date.DayOfYear / daysInYear)
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    [TestCase("2025", "2025-01-01/P1Y")]
    [TestCase("2025S1", "2025-01-01/P6M")]
    [TestCase("2025S2", "2025-07-01/P6M")]
    [TestCase("2025Q3", "2025-07-01/P3M")]
    [TestCase("2025Q4", "2025-10-01/P3M")]
    [TestCase("202507", "2025-07-01/P1M")]
    [TestCase("202512", "2025-12-01/P1M")]
    public void The_adx_interval_reads_back_as_the_same_period(string id, string interval)
    {
        var period = Period.Parse(id);
        Assert.That(period.IsoInterval, Is.EqualTo(interval));
        Assert.That(Period.TryParseIsoInterval(interval, out var read, out var error), Is.True, error);
        Assert.That(read, Is.EqualTo(period));
    }

    [TestCase("2025-01-01/P12M", "2025")]
    public void A_twelve_month_adx_interval_is_a_year(string interval, string id)
    {
        Assert.That(Period.TryParseIsoInterval(interval, out var read, out _), Is.True);
        Assert.That(read.Id, Is.EqualTo(id));
    }

    [TestCase(null, "not an ADX period")]
    [TestCase("2025Q3", "not an ADX period")]
    [TestCase("2025-07-01", "not an ADX period")]
    [TestCase("2025-07-01/P9M", "does not start a P9M period: such periods start on the first day of month 1")]
    [TestCase("2025-07-01/P1W", "not an ADX period")]
    [TestCase("2025-07-01/P3M/x", "not an ADX period")]
    [TestCase("2025-7-1/P3M", "not an ADX period")]
    [TestCase("2025-02-30/P1M", "not an ADX period")]
    [TestCase("2025-04-01/P6M", "does not start a P6M period")]
    [TestCase("2025-08-01/P3M", "does not start a P3M period")]
    [TestCase("2025-07-15/P1M", "does not start a P1M period")]
    [TestCase("2025-07-01/P1Y", "does not start a P1Y period")]
    [TestCase("1899-01-01/P1Y", "year must be between 1900 and 2100")]
    public void An_adx_interval_that_is_no_period_here_is_refused_with_a_clear_error(string? interval, string expectedError)
    {
        Assert.That(Period.TryParseIsoInterval(interval, out var period, out var error), Is.False);
        Assert.That(error, Does.Contain(expectedError));
        Assert.That(period, Is.EqualTo(default(Period)));
    }

    // The 9-month period in ADX: it starts on 1 January, nowhere else.
    [TestCase("2025-01-01/P9M", "2025L9")]
    [TestCase("2025-10-01/P9M", null)]
    [TestCase("2025-04-01/P9M", null)]
    public void The_nine_months_read_as_an_ADX_period(string text, string? expected)
    {
        var ok = Period.TryParseIsoInterval(text, out var period, out var error);

        Assert.That((ok, ok ? period.Id : null), Is.EqualTo((expected is not null, expected)), error);
        if (expected is not null) Assert.That(period.IsoInterval, Is.EqualTo(text));
    }

    // Which periods fit an indicator: its frequency or finer; the nine months only for a year-to-date indicator.
    [TestCase("2025L9", Frequency.Quarterly, PeriodBasis.YearToDate, true)]
    [TestCase("2025L9", Frequency.Yearly, PeriodBasis.YearToDate, true)]
    [TestCase("2025L9", Frequency.Quarterly, PeriodBasis.PeriodAlone, false)]
    [TestCase("2025L9", Frequency.Yearly, PeriodBasis.PeriodAlone, false)]
    [TestCase("2025Q3", Frequency.Quarterly, PeriodBasis.YearToDate, true)]
    [TestCase("2025Q3", Frequency.Quarterly, PeriodBasis.PeriodAlone, true)]
    [TestCase("2025S1", Frequency.Quarterly, PeriodBasis.YearToDate, false)]
    [TestCase("2025", Frequency.HalfYearly, PeriodBasis.PeriodAlone, false)]
    [TestCase("2025Q2", Frequency.Yearly, PeriodBasis.PeriodAlone, true)]
    public void A_period_fits_an_indicator(string period, Frequency frequency, PeriodBasis basis, bool fits)
    {
        var indicator = new Indicator
        {
            Code = "X", NameVi = "x", NameEn = "x", Unit = IndicatorUnit.Count, Factor = 1, Direction = Direction.Higher, Aggregation = Aggregation.Sum,
            Frequency = frequency, Decimals = 0, Group = "g", PeriodBasis = basis,
        };

        var misfit = Period.Parse(period).Misfit(indicator);

        Assert.That(misfit is null, Is.EqualTo(fits), misfit);
    }

    [TestCase("2025", "Năm 2025")]
    [TestCase("2025S1", "6 tháng đầu năm 2025")]
    [TestCase("2025S2", "6 tháng cuối năm 2025")]
    [TestCase("2025L9", "9 tháng năm 2025")]
    [TestCase("2025Q1", "Quý I/2025")]
    [TestCase("2025Q2", "Quý II/2025")]
    [TestCase("2025Q3", "Quý III/2025")]
    [TestCase("2025Q4", "Quý IV/2025")]
    [TestCase("202503", "Tháng 3/2025")]
    [TestCase("202512", "Tháng 12/2025")]
    [TestCase("190001", "Tháng 1/1900")]
    public void Label_is_the_name_Vietnamese_reports_use(string id, string label)
    {
        Assert.That(Period.Parse(id).Label, Is.EqualTo(label));
        Assert.That(Period.LabelOf(id), Is.EqualTo(label));
        Assert.That(Period.Parse(id).Label.IsNormalized(System.Text.NormalizationForm.FormC), Is.True);
    }

    [TestCase("2025Q3", "2025Q2")]
    [TestCase("2025Q1", "2024Q4")]
    [TestCase("2025S2", "2025S1")]
    [TestCase("2025S1", "2024S2")]
    [TestCase("2025L9", "2024L9")]
    [TestCase("2025", "2024")]
    [TestCase("202501", "202412")]
    [TestCase("202507", "202506")]
    public void Previous_is_the_period_of_the_same_kind_before(string id, string previous) =>
        Assert.That(Period.Parse(id).Previous.Id, Is.EqualTo(previous));

    [Test]
    public void The_first_period_there_is_has_none_before() =>
        Assert.That(() => Period.Parse("190001").Previous, Throws.InvalidOperationException);

    [TestCase("2025Q5")]
    [TestCase("")]
    public void LabelOf_keeps_what_is_not_a_period(string id) => Assert.That(Period.LabelOf(id), Is.EqualTo(id));

    [TestCase(Frequency.Quarterly, PeriodKind.Quarter)]
    [TestCase(Frequency.HalfYearly, PeriodKind.HalfYear)]
    [TestCase(Frequency.Yearly, PeriodKind.Year)]
    public void Each_frequency_has_its_own_period(Frequency frequency, PeriodKind kind) => Assert.That(Period.KindOf(frequency), Is.EqualTo(kind));
}
