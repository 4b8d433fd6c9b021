using System.Globalization;

namespace Indicators.Api.Domain;

/// <summary>
/// The length of a period, from the finest to the coarsest (the order matters to <see cref="Period.FitsFrequency"/>).
/// <c>NineMonths</c> is January to September: the cumulative (lũy kế) 9-month report of Thông tư 37/2019.
/// </summary>
public enum PeriodKind { Month, Quarter, HalfYear, NineMonths, Year }

/// <summary>
/// A DHIS2-style reporting period (DESIGN §2 Periods): <c>2025</c>, <c>2025S1</c>, <c>2025Q3</c>, <c>202507</c>, or
/// <c>2025L9</c> for the nine months January–September (<c>L</c> for lũy kế; DHIS2 has no such period type).
/// Periods order by their end date, then by their start date. <c>default(Period)</c> is not a valid period.
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    public const int MinYear = 1900;
    public const int MaxYear = 2100;

    private Period(int year, PeriodKind kind, int number)
    {
        Year = year;
        Kind = kind;
        Number = number;
    }

    public int Year { get; }

    public PeriodKind Kind { get; }

    /// <summary>The position inside the year: month 1–12, quarter 1–4, half year 1–2, and 1 for nine months or a year.</summary>
    public int Number { get; }

    /// <summary>The canonical identifier, e.g. <c>2025Q3</c>.</summary>
    public string Id => IsInRange ? Ids[Position] ??= FormatId() : FormatId();

    /// <summary>
    /// The name Vietnamese reports give the period (Thông tư 37/2019): <c>Năm 2025</c>, <c>6 tháng đầu năm 2025</c>,
    /// <c>6 tháng cuối năm 2025</c>, <c>9 tháng năm 2025</c>, <c>Quý III/2025</c>, <c>Tháng 7/2025</c>.
    /// </summary>
    public string Label => IsInRange ? Labels[Position] ??= FormatLabel() : FormatLabel();

    /// <summary>
    /// The identifiers and labels of the periods, by <see cref="Position"/>, made on their first use: every attainment
    /// row of a report shows both, and formatting the identifier alone was about an eighth of a row's time (and two
    /// strings each row kept). Two threads may fill a place at once; their strings are equal.
    /// </summary>
    private static readonly string?[] Ids = new string?[(MaxYear - MinYear + 1) * PlacesPerYear];

    private static readonly string?[] Labels = new string?[Ids.Length];

    /// <summary>The months, then the quarters, the half years, the nine months and the year.</summary>
    private const int PlacesPerYear = 12 + 4 + 2 + 1 + 1;

    /// <summary>False only for <c>default(Period)</c>, which is formatted without a place in the tables.</summary>
    private bool IsInRange => Year is >= MinYear and <= MaxYear;

    private int Position => (Year - MinYear) * PlacesPerYear + Kind switch
    {
        PeriodKind.Month => Number - 1,
        PeriodKind.Quarter => 12 + Number - 1,
        PeriodKind.HalfYear => 16 + Number - 1,
        PeriodKind.NineMonths => 18,
        _ => 19,
    };

    private string FormatId() => Kind switch
    {
        PeriodKind.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodKind.HalfYear => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}S{Number}"),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{Number}"),
        PeriodKind.NineMonths => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}L9"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{Number:D2}"),
    };

    private string FormatLabel() => Kind switch
    {
        PeriodKind.Year => string.Create(CultureInfo.InvariantCulture, $"Năm {Year:D4}"),
        PeriodKind.HalfYear => string.Create(CultureInfo.InvariantCulture, $"6 tháng {(Number == 1 ? "đầu" : "cuối")} năm {Year:D4}"),
        PeriodKind.NineMonths => string.Create(CultureInfo.InvariantCulture, $"9 tháng năm {Year:D4}"),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"Quý {RomanQuarters[Number - 1]}/{Year:D4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"Tháng {Number}/{Year:D4}"),
    };

    private static readonly string[] RomanQuarters = ["I", "II", "III", "IV"];

    /// <summary>The label of a period identifier, or the identifier itself when it is not one (never thrown on).</summary>
    public static string LabelOf(string id) => TryParse(id, out var period, out _) ? period.Label : id;

    /// <summary>
    /// The period of the same kind just before this one (2025Q3 → 2025Q2, 2025Q1 → 2024Q4, 2025S1 → 2024S2); the nine
    /// months to September have none in the same year, so theirs is the year before's.
    /// </summary>
    public Period Previous => Number > 1 ? new Period(Year, Kind, Number - 1)
        : Year > MinYear ? new Period(Year - 1, Kind, CountPerYear(Kind)) : throw new InvalidOperationException($"{this} is the first period there is.");

    public DateOnly Start => new(Year, FirstMonth, 1);

    /// <summary>
    /// The last day of the last month, looked up rather than added up: periods are ordered by it, so it is asked for often.
    /// </summary>
    public DateOnly End
    {
        get
        {
            var lastMonth = FirstMonth + MonthCount - 1;
            return new(Year, lastMonth, DateTime.DaysInMonth(Year, lastMonth));
        }
    }

    private int MonthCount => MonthsIn(Kind);

    private int FirstMonth => (Number - 1) * MonthCount + 1;

    private static int MonthsIn(PeriodKind kind) => kind switch
    {
        PeriodKind.Year => 12,
        PeriodKind.NineMonths => 9,
        PeriodKind.HalfYear => 6,
        PeriodKind.Quarter => 3,
        _ => 1,
    };

    /// <summary>How many periods of <paramref name="kind"/> there are in a year: 1, 2, 4 or 12 (and one of nine months).</summary>
    private static int CountPerYear(PeriodKind kind) => 12 / MonthsIn(kind);

    /// <summary>The whole calendar year.</summary>
    public static Period ForYear(int year)
    {
        CheckYear(year);
        return new Period(year, PeriodKind.Year, 1);
    }

    /// <summary>Every period of <paramref name="kind"/> in <paramref name="year"/>, in order: the four quarters, the twelve months, …</summary>
    public static IReadOnlyList<Period> InYear(int year, PeriodKind kind)
    {
        CheckYear(year);
        return Enumerable.Range(1, CountPerYear(kind)).Select(n => new Period(year, kind, n)).ToList();
    }

    private static void CheckYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period, out var error) ? period : throw new FormatException(error);

    /// <summary>Reads a period identifier; <c>q</c> and <c>s</c> may be lower case. The error says what is wrong, in English.</summary>
    public static bool TryParse(string? text, out Period period, out string? error)
    {
        (period, error) = Read(text);
        return error is null;
    }

    private static (Period Period, string? Error) Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (default, "Period is empty.");
        var formatError = $"'{text}' is not a period: expected yyyy, yyyySn, yyyyQn, yyyyL9 or yyyyMM (e.g. 2025, 2025S1, 2025Q3, 2025L9, 202507).";
        if (text.Length is not (4 or 6) || !IsDigits(text.AsSpan(0, 4))) return (default, formatError);

        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear) return (default, $"Period '{text}': year must be between {MinYear} and {MaxYear}.");
        if (text.Length == 4) return (new Period(year, PeriodKind.Year, 1), null);

        var (kind, numberText, rangeError) = char.ToUpperInvariant(text[4]) switch
        {
            'Q' => (PeriodKind.Quarter, text[5..], "quarter must be 1 to 4"),
            'S' => (PeriodKind.HalfYear, text[5..], "half year must be 1 or 2"),
            'L' => (PeriodKind.NineMonths, text[5..], "the cumulative period is L9, the nine months January to September"),
            _ => (PeriodKind.Month, text[4..], "month must be 01 to 12"),
        };
        if (!IsDigits(numberText)) return (default, formatError);

        var number = int.Parse(numberText, CultureInfo.InvariantCulture);
        if (kind == PeriodKind.NineMonths) return number == 9 ? (new Period(year, kind, 1), null) : (default, $"Period '{text}': {rangeError}.");
        if (number < 1 || number > CountPerYear(kind)) return (default, $"Period '{text}': {rangeError}.");
        return (new Period(year, kind, number), null);
    }

    /// <summary>The ISO 8601 interval of IHE ADX: the start date and the duration, e.g. <c>2025-07-01/P3M</c>.</summary>
    public string IsoInterval => string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}/{IsoDuration(Kind)}");

    private static string IsoDuration(PeriodKind kind) => kind == PeriodKind.Year ? "P1Y" : $"P{MonthsIn(kind)}M";

    /// <summary>
    /// Reads an ADX period (<c>2025-01-01/P1Y</c>, <c>2025-01-01/P9M</c>, <c>2025-07-01/P6M</c>, <c>2025-07-01/P3M</c>, <c>2025-07-01/P1M</c>):
    /// the start must be the first day of a period of that length.
    /// </summary>
    public static bool TryParseIsoInterval(string? text, out Period period, out string? error)
    {
        period = default;
        error = $"'{text}' is not an ADX period: expected a start date and P1Y, P9M, P6M, P3M or P1M, e.g. 2025-07-01/P3M.";
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)) return false;
        PeriodKind? kind = parts[1] switch { "P1Y" or "P12M" => PeriodKind.Year, "P9M" => PeriodKind.NineMonths, "P6M" => PeriodKind.HalfYear, "P3M" => PeriodKind.Quarter, "P1M" => PeriodKind.Month, _ => null };
        if (kind is null) return false;
        if (start.Year is < MinYear or > MaxYear)
        {
            error = $"Period '{text}': year must be between {MinYear} and {MaxYear}.";
            return false;
        }
        var months = MonthsIn(kind.Value);
        if (start.Day != 1 || (start.Month - 1) % months != 0 || (start.Month - 1) / months >= CountPerYear(kind.Value))
        {
            error = $"'{text}' does not start a {parts[1]} period: such periods start on the first day of month {string.Join(", ", Enumerable.Range(0, 12 / months).Select(n => n * months + 1))}.";
            return false;
        }
        period = new Period(start.Year, kind.Value, (start.Month - 1) / months + 1);
        error = null;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Whether a value of this period may be stored for an indicator of <paramref name="frequency"/>: the same length
    /// or finer (a quarterly indicator takes quarters and months, never half years or years).
    /// </summary>
    public bool FitsFrequency(Frequency frequency) => Kind <= KindOf(frequency);

    /// <summary>The period an indicator of <paramref name="frequency"/> is reported for: its own report, which a form and the compliance report expect.</summary>
    public static PeriodKind KindOf(Frequency frequency) => frequency switch
    {
        Frequency.Quarterly => PeriodKind.Quarter,
        Frequency.HalfYearly => PeriodKind.HalfYear,
        _ => PeriodKind.Year,
    };

    /// <summary>
    /// Why a value of this period does not fit <paramref name="indicator"/>, or null when it does: the period must be the
    /// indicator's frequency or finer; the nine months January–September are a cumulative report and fit any indicator
    /// reported year to date (it is that indicator's value at the end of September), and no indicator reported period by period.
    /// </summary>
    public string? Misfit(Indicator indicator) => Kind == PeriodKind.NineMonths
        ? indicator.PeriodBasis == PeriodBasis.YearToDate ? null
            : MessageLanguage.Pick($"{indicator.Code} is reported for each period alone; {this} is the nine months to September, a year-to-date figure.",
                $"{indicator.Code} được báo cáo riêng từng kỳ; {Label} là số lũy kế 9 tháng đầu năm.")
        : FitsFrequency(indicator.Frequency) ? null
        : MessageLanguage.Pick($"{indicator.Code} is reported {EnumText.Of(indicator.Frequency)}; a {EnumText.Of(Kind)} period such as {this} does not fit it.",
            $"{indicator.Code} được báo cáo {FrequencyVi(indicator.Frequency)}; kỳ {Label} không phù hợp.");

    private static string FrequencyVi(Frequency frequency) => frequency switch
    {
        Frequency.Quarterly => "theo quý",
        Frequency.HalfYearly => "theo 6 tháng",
        _ => "theo năm",
    };

    /// <summary>
    /// Time as a decimal year at the end of day <paramref name="date"/>: year + dayOfYear / daysInYear (DESIGN §Attainment),
    /// so 31 December 2025 is exactly 2026. Decimal rather than double keeps the trend window and the rates exact.
    /// </summary>
    public static decimal DecimalYear(DateOnly date)
    {
        var days = DecimalYears[date.Year] ??= DecimalYearsOf(date.Year);
        return days[date.DayOfYear];
    }

    /// <summary>
    /// The decimal years of each year's days, by day of the year, worked out on the first use of a year: the trend of
    /// every attainment row asks for several, and a division of decimals costs more than the rest of the look-up. Two
    /// threads may fill a year at once; their arrays are equal.
    /// </summary>
    private static readonly decimal[]?[] DecimalYears = new decimal[]?[DateOnly.MaxValue.Year + 1];

    private static decimal[] DecimalYearsOf(int year)
    {
        var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
        return [.. Enumerable.Range(0, daysInYear + 1).Select(day => year + (decimal)day / daysInYear)];
    }

    public int CompareTo(Period other)
    {
        var byEnd = End.CompareTo(other.End);
        return byEnd != 0 ? byEnd : Start.CompareTo(other.Start);
    }

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public override string ToString() => Id;
}
