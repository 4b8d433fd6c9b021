using System.Data;
using System.Globalization;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// How Dapper moves the types the databases do not have natively. Instants and dates are ISO 8601 text and flags 0 or 1
/// on every provider. Decimals are bound the way the provider of each parameter compares them with its value columns, so two
/// providers in one process (the test run) each get their own binding rather than the first one registered.
/// </summary>
internal static class TypeHandlers
{
    private static int _registered;

    /// <summary>Registers the handlers once per process, and <paramref name="provider"/>'s binding for its parameters.</summary>
    public static void Use(IDbProvider provider)
    {
        ProviderOf.Register(provider);
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        // Columns are snake_case (unit_id), properties PascalCase (UnitId).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Removed from Dapper's built-in map first, or it would read them with the driver's GetFieldValue, which
        // Npgsql refuses for text.
        foreach (var type in new[] { typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(DateOnly), typeof(DateOnly?) }) SqlMapper.RemoveTypeMap(type);
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new DateHandler());
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(new DecimalHandler());
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(new FlagHandler());
    }

    /// <summary>Flags travel as the integers 0 and 1, which every provider compares with <c>= 1</c> alike.</summary>
    private sealed class FlagHandler : SqlMapper.TypeHandler<bool>
    {
        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Int32;
            parameter.Value = value ? 1 : 0;
        }

        public override bool Parse(object value) => Convert.ToBoolean(value, CultureInfo.InvariantCulture);
    }

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            if (ProviderOf.Parameter(parameter) is { } provider)
            {
                provider.BindDecimal(parameter, value);
                return;
            }
            parameter.DbType = DbType.Decimal;
            parameter.Value = value;
        }

        // A double carries about 15 significant digits; the conversion rounds to them, so 13.1 reads back as 13.1.
        public override decimal Parse(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Clock.Stamp(value);
        }

        public override DateTimeOffset Parse(object value) => Clock.ParseStamp((string)value)!.Value;
    }

    private sealed class DateHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Clock.Date(value);
        }

        public override DateOnly Parse(object value) => Clock.ParseDate((string)value)!.Value;
    }
}
