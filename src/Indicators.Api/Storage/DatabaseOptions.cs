namespace Indicators.Api.Storage;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded), <c>postgres</c> or <c>sqlserver</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Required for a server engine; for SQLite it defaults to the file <c>data/indicators.db</c> under the working directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How many times a write that finds the database busy or locked is tried before it fails with a 503.</summary>
    public int WriteAttempts { get; set; } = 3;
}
