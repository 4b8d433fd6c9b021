namespace Indicators.Api.Data;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>sqlserver</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to the file <c>data/indicators.db</c> under the working directory for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public bool IsSqlServer => string.Equals(Provider, "sqlserver", StringComparison.OrdinalIgnoreCase);
}
