using System.Net.Http.Headers;
using System.Text;
using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage.Providers;

namespace Indicators.Tests.Features.Imports;

/// <summary>Request helpers shared by the import and values tests.</summary>
internal static class ImportRequests
{
    public const string Header = "unit,period,indicator,value,numerator,denominator,comment";

    /// <summary>A text/csv body; UTF-8 with a BOM unless told otherwise.</summary>
    public static ByteArrayContent Csv(string text, bool bom = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var content = new ByteArrayContent(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    public static Task<HttpResponseMessage> ImportCsv(this HttpClient client, string csv, string query = "") =>
        client.PostAsync(ApiRoutes.Imports + query, Csv(csv));

    public static Task<HttpResponseMessage> ImportJson(this HttpClient client, object rows, string query = "") =>
        client.PostAsync(ApiRoutes.Imports + query, new StringContent(System.Text.Json.JsonSerializer.Serialize(new { rows }, System.Text.Json.JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));

    /// <summary>A row object for the JSON form.</summary>
    public static object Row(string unit, string period, string indicator, decimal? value = null, decimal? numerator = null, decimal? denominator = null, string? comment = null) =>
        new { unit, period, indicator, value, numerator, denominator, comment };

    /// <summary>Counts of the tables a write touches, to prove that nothing was written.</summary>
    public static async Task<(long Values, long Submissions, long Audit, long Version)> CountsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_values"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log"),
            await connection.ExecuteScalarAsync<long>("SELECT version FROM data_version"));
    }

    /// <summary>The value changes of the audit trail, value batches expanded, in id order: what <c>GET /values/audit</c> lists.</summary>
    public static async Task<IReadOnlyList<AuditedChange>> ValueChangesAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await ValueChangesAsync(connection, database.Provider);
    }

    /// <inheritdoc cref="ValueChangesAsync(Database)"/>
    public static async Task<IReadOnlyList<AuditedChange>> ValueChangesAsync(DbConnection connection, IDbProvider provider) =>
        (await AuditStore.ValueChangesAsync(connection, provider, null, null, null, 0, 10_000_000, CancellationToken.None)).Where(c => c.Entity == "value").ToList();

    public static async Task<string?> TextAsync(Database database, string sql, object? parameters = null)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(sql, parameters);
    }
}
