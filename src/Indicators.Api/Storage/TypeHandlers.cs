using System.Data;
using System.Globalization;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// How Dapper moves the types the database does not have natively. Instants and dates are ISO 8601 text in
/// both dialects. Values are <see cref="decimal"/> in code; SQLite stores them as REAL, but Microsoft.Data.Sqlite
/// binds a decimal parameter as TEXT, which would compare as a string, so on SQLite decimals travel as doubles.
/// </summary>
internal static class TypeHandlers
{
    private static int _registered;

    public static void Register(bool sqlServer)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new DateHandler());
        if (sqlServer) return;
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(new SqliteDecimalHandler());
    }

    private sealed class SqliteDecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            parameter.DbType = DbType.Double;
            parameter.Value = (double)value;
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
