using System.Data;
using Dapper;

namespace Indicators.Api.Data;

/// <summary>
/// Values are <see cref="decimal"/> in code. SQLite stores them as REAL, but Microsoft.Data.Sqlite binds a
/// decimal parameter as TEXT, which would compare as a string; so on SQLite decimals travel as doubles.
/// </summary>
internal static class DecimalHandling
{
    private static int _registered;

    public static void Register(bool sqlServer)
    {
        if (sqlServer || Interlocked.Exchange(ref _registered, 1) == 1) return;
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
        public override decimal Parse(object value) => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
