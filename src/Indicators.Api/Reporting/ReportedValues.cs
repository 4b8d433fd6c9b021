using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>
/// A reported value in 40 bytes and no object of its own: the period, and the value, numerator and denominator each as
/// the low 64 bits of a decimal's 96-bit integer, their signs and scales beside them. A decimal whose integer fits 64
/// bits comes back exactly as it was read, scale included: every DECIMAL(19,6) and every double below 1.8e19 (a double
/// read as a decimal keeps at most 15 significant digits). A value beyond that is <see cref="IsWide"/>: its entry keeps
/// only the period, and <see cref="ReportedValues"/> keeps the value whole beside the arrays.
/// </summary>
internal readonly struct PackedValue
{
    private const int Present = 0x80, Negative = 0x40, ScaleBits = 0x1F;
    private const uint Wide = 1u << 24;

    private readonly ulong _value, _numerator, _denominator;
    /// <summary>A byte each for the value, the numerator and the denominator (present, sign, scale), and the wide bit.</summary>
    private readonly uint _flags;

    private PackedValue(Period period, ulong value, ulong numerator, ulong denominator, uint flags)
    {
        Period = period;
        _value = value;
        _numerator = numerator;
        _denominator = denominator;
        _flags = flags;
    }

    public Period Period { get; }

    public bool IsWide => (_flags & Wide) != 0;

    public static PackedValue Pack(Period period, decimal value, decimal? numerator, decimal? denominator) =>
        TryPack(value, out var v, out var vf) && TryPack(numerator, out var n, out var nf) && TryPack(denominator, out var d, out var df)
            ? new(period, v, n, d, vf | nf << 8 | df << 16)
            : new(period, 0, 0, 0, Wide);

    public UnitValue ToUnitValue() => new(Period, Unpack(_value, _flags), Unpack(_numerator, _flags >> 8), Unpack(_denominator, _flags >> 16),
        ValueSource.Reported, null);

    public RollUpPart ToPart() => new(Unpack(_value, _flags), Unpack(_numerator, _flags >> 8), Unpack(_denominator, _flags >> 16));

    private static bool TryPack(decimal? value, out ulong low, out uint flags)
    {
        (low, flags) = (0, 0);
        if (value is not { } d) return true;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        if (bits[2] != 0) return false;
        low = (uint)bits[0] | (ulong)(uint)bits[1] << 32;
        flags = (uint)(Present | (d.Scale & ScaleBits) | (decimal.IsNegative(d) ? Negative : 0));
        return true;
    }

    private static decimal? Unpack(ulong low, uint flags) =>
        (flags & Present) == 0 ? null : new decimal((int)(uint)low, (int)(uint)(low >> 32), 0, (flags & Negative) != 0, (byte)(flags & ScaleBits));
}

/// <summary>
/// The reported values of one data version by series (indicator, unit, disaggregation), in period order, packed
/// (<see cref="PackedValue"/>): no object per value, one array per series, the keys' strings shared. Immutable;
/// <see cref="With"/> makes the next version's.
/// </summary>
public sealed class ReportedValues
{
    private readonly Dictionary<SeriesKey, PackedValue[]> _series;
    /// <summary>The values too wide to pack, whole (none in practice).</summary>
    private readonly Dictionary<(SeriesKey, Period), UnitValue> _wide;

    private ReportedValues(Dictionary<SeriesKey, PackedValue[]> series, Dictionary<(SeriesKey, Period), UnitValue> wide)
    {
        _series = series;
        _wide = wide;
    }

    public IEnumerable<SeriesKey> Keys => _series.Keys;

    /// <summary>How many values there are.</summary>
    public int Count => _series.Values.Sum(v => v.Length);

    /// <summary>Adds the periods of the series to <paramref name="periods"/>.</summary>
    public void AddPeriods(SeriesKey key, HashSet<Period> periods)
    {
        foreach (var value in _series.GetValueOrDefault(key) ?? []) periods.Add(value.Period);
    }

    /// <summary>The series' values, in period order (empty when it has none).</summary>
    public UnitValue[] Series(SeriesKey key)
    {
        var packed = _series.GetValueOrDefault(key) ?? [];
        var values = new UnitValue[packed.Length];
        for (var i = 0; i < packed.Length; i++) values[i] = Unpack(key, packed[i]);
        return values;
    }

    /// <summary>The series' value for exactly <paramref name="period"/>.</summary>
    public UnitValue? At(SeriesKey key, Period period)
    {
        foreach (var value in _series.GetValueOrDefault(key) ?? [])
        {
            if (value.Period == period) return Unpack(key, value);
        }
        return null;
    }

    /// <summary>These values with <paramref name="changes"/> applied: a null value removes one.</summary>
    public ReportedValues With(IEnumerable<(SeriesKey Key, Period Period, PeriodValue? Value)> changes)
    {
        // A dictionary copied from a dictionary keeps its hash codes: far quicker than adding the entries one by one.
        var series = new Dictionary<SeriesKey, PackedValue[]>(_series);
        var wide = new Dictionary<(SeriesKey, Period), UnitValue>(_wide);
        foreach (var byKey in changes.GroupBy(c => c.Key))
        {
            var values = (series.GetValueOrDefault(byKey.Key) ?? []).ToDictionary(v => v.Period);
            foreach (var (key, period, value) in byKey)
            {
                wide.Remove((key, period));
                if (value is null) values.Remove(period);
                else values[period] = Pack(key, value.Period, value.Value, value.Numerator, value.Denominator, wide);
            }
            if (values.Count == 0) series.Remove(byKey.Key);
            else series[byKey.Key] = [.. values.Values.OrderBy(v => v.Period)];
        }
        return new ReportedValues(series, wide);
    }

    /// <summary>The series' value for exactly <paramref name="period"/> as a part of a roll-up: no object is made for it.</summary>
    public RollUpPart? Part(SeriesKey key, Period period) => Find(key).Part(period);

    /// <summary>The series, looked up once for the parts of many periods (empty when it has no values).</summary>
    public Found Find(SeriesKey key) => new(this, key, _series.GetValueOrDefault(key) ?? []);

    /// <summary>One series of <see cref="ReportedValues"/>, found.</summary>
    public readonly struct Found
    {
        private readonly ReportedValues _owner;
        private readonly SeriesKey _key;
        private readonly PackedValue[] _values;

        internal Found(ReportedValues owner, SeriesKey key, PackedValue[] values) => (_owner, _key, _values) = (owner, key, values);

        /// <summary>The value for exactly <paramref name="period"/> as a part of a roll-up: no object is made for it.</summary>
        public RollUpPart? Part(Period period)
        {
            foreach (var value in _values)
            {
                if (value.Period != period) continue;
                if (value.IsWide) return _owner._wide[(_key, period)].AsPart();
                return value.ToPart();
            }
            return null;
        }
    }

    private UnitValue Unpack(SeriesKey key, PackedValue value) => value.IsWide ? _wide[(key, value.Period)] : value.ToUnitValue();

    /// <summary>The value packed; one too wide to pack is kept whole in <paramref name="wide"/>, its entry only marking it.</summary>
    private static PackedValue Pack(SeriesKey key, Period period, decimal value, decimal? numerator, decimal? denominator,
        Dictionary<(SeriesKey, Period), UnitValue> wide)
    {
        var packed = PackedValue.Pack(period, value, numerator, denominator);
        if (packed.IsWide) wide[(key, period)] = ValueIndex.Reported(new PeriodValue(period, value, numerator, denominator));
        return packed;
    }

    /// <summary>The values of <paramref name="parts"/>, whose series are apart (each of its own units).</summary>
    public static ReportedValues Union(IReadOnlyList<ReportedValues> parts)
    {
        if (parts.Count == 1) return parts[0];
        var series = new Dictionary<SeriesKey, PackedValue[]>(parts.Sum(p => p._series.Count));
        var wide = new Dictionary<(SeriesKey, Period), UnitValue>();
        foreach (var part in parts)
        {
            foreach (var (key, values) in part._series) series.Add(key, values);
            foreach (var (key, value) in part._wide) wide.Add(key, value);
        }
        return new ReportedValues(series, wide);
    }

    /// <summary>Collects the values of a full load, one at a time, in any order.</summary>
    public sealed class Builder
    {
        // A series' run is held in the dictionary's own entry: one look-up a value and no object per series.
        private readonly Dictionary<SeriesKey, Run> _series = [];
        private readonly Dictionary<(SeriesKey, Period), UnitValue> _wide = [];
        /// <summary>One string per code whatever the caller passes (the value index's loads pass them shared already); looked up once per series.</summary>
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        /// <summary>A value as a load reads it: no <see cref="PeriodValue"/> is made unless it is too wide to pack.</summary>
        public void Add(string indicator, string unit, string disaggregation, Period period, decimal value, decimal? numerator, decimal? denominator)
        {
            var key = new SeriesKey(indicator, unit, disaggregation);
            ref var run = ref CollectionsMarshal.GetValueRefOrNullRef(_series, key);
            if (Unsafe.IsNullRef(ref run))
            {
                key = new SeriesKey(Shared(indicator), Shared(unit), Shared(disaggregation));
                run = ref CollectionsMarshal.GetValueRefOrAddDefault(_series, key, out _);
                run = new Run();
            }
            run.Add(Pack(key, period, value, numerator, denominator, _wide));
        }

        public ReportedValues Build()
        {
            var series = new Dictionary<SeriesKey, PackedValue[]>(_series.Count);
            foreach (var (key, run) in _series) series[key] = run.ToSortedArray();
            return new ReportedValues(series, _wide);
        }

        private string Shared(string text)
        {
            if (!_strings.TryGetValue(text, out var shared)) _strings[text] = shared = text;
            return shared;
        }

        /// <summary>
        /// A series' values as read, in an array that doubles as it fills and becomes the series' own: a series of 8 or
        /// 32 quarters fills its array exactly, so the load makes no copy of its values.
        /// </summary>
        private struct Run
        {
            private PackedValue[] _values;
            private int _count;

            public Run() => _values = new PackedValue[8];

            public void Add(PackedValue value)
            {
                if (_count == _values.Length) Array.Resize(ref _values, _count * 2);
                _values[_count++] = value;
            }

            public PackedValue[] ToSortedArray()
            {
                if (_count < _values.Length) Array.Resize(ref _values, _count);
                // A submission's values are stored together, so a series is mostly read in period order already.
                if (!InOrder(_values)) Array.Sort(_values, (a, b) => a.Period.CompareTo(b.Period));
                return _values;
            }

            private static bool InOrder(PackedValue[] values)
            {
                for (var i = 1; i < values.Length; i++)
                {
                    if (values[i - 1].Period.CompareTo(values[i].Period) > 0) return false;
                }
                return true;
            }
        }
    }
}
