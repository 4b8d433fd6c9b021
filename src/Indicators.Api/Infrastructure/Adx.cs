using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml;
using Indicators.Api.Domain;
using Microsoft.AspNetCore.Http.Metadata;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// IHE ADX (Aggregate Data Exchange, 2015 namespace) as this service writes and reads it: one <c>group</c> per unit
/// and period (<c>orgUnit</c> the unit id, <c>period</c> an ISO 8601 interval such as <c>2025-07-01/P3M</c>,
/// <c>dataSet</c> <see cref="DataSet"/>), one <c>dataValue</c> per indicator and disaggregation (<c>dataElement</c> the
/// indicator code, one attribute per category of its disaggregation such as <c>sex="female"</c>, <c>value</c>, and
/// <c>numerator</c>/<c>denominator</c> for a ratio value), its comment as the <c>annotation</c>.
/// </summary>
public static class Adx
{
    public const string Namespace = "urn:ihe:qrph:adx:2015";

    public const string ContentType = "application/adx+xml";

    /// <summary>The data set every group names: the service has one.</summary>
    public const string DataSet = "INDICATORS";

    /// <summary>True when the client asked for ADX: <c>format=adx</c> or <c>Accept: application/adx+xml</c>.</summary>
    public static bool Requested(HttpContext context, string? format) =>
        string.Equals(format, "adx", StringComparison.OrdinalIgnoreCase)
        || (format is null && context.Request.Headers.Accept.Any(a => a is not null && a.Contains(ContentType, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Writes the values; consecutive values of one unit and period share a group.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<AdxValue> values, DateTimeOffset exported, CancellationToken ct = default)
    {
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true };
        await using var writer = XmlWriter.Create(stream, settings);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "adx", Namespace);
        await writer.WriteAttributeStringAsync(null, "exported", null, exported.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        (string Unit, Period Period)? group = null;
        foreach (var value in values)
        {
            ct.ThrowIfCancellationRequested();
            if (group != (value.OrgUnit, value.Period))
            {
                if (group is not null) await writer.WriteEndElementAsync();
                group = (value.OrgUnit, value.Period);
                await writer.WriteStartElementAsync(null, "group", Namespace);
                await writer.WriteAttributeStringAsync(null, "orgUnit", null, value.OrgUnit);
                await writer.WriteAttributeStringAsync(null, "period", null, value.Period.IsoInterval);
                await writer.WriteAttributeStringAsync(null, "dataSet", null, DataSet);
            }
            await writer.WriteStartElementAsync(null, "dataValue", Namespace);
            await writer.WriteAttributeStringAsync(null, "dataElement", null, value.DataElement);
            foreach (var (category, option) in Disaggregation.Pairs(value.Disaggregation)) await writer.WriteAttributeStringAsync(null, category, null, option);
            await writer.WriteAttributeStringAsync(null, "value", null, Number(value.Value));
            if (value.Numerator is { } numerator) await writer.WriteAttributeStringAsync(null, "numerator", null, Number(numerator));
            if (value.Denominator is { } denominator) await writer.WriteAttributeStringAsync(null, "denominator", null, Number(denominator));
            if (!string.IsNullOrEmpty(value.Comment)) await writer.WriteElementStringAsync(null, "annotation", Namespace, value.Comment);
            await writer.WriteEndElementAsync();
        }
        if (group is not null) await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One value as ADX carries it.</summary>
public sealed record AdxValue(string DataElement, string OrgUnit, Period Period, decimal Value, decimal? Numerator, decimal? Denominator, string? Comment,
    string Disaggregation = "");

/// <summary>A list answered as ADX XML; declares <c>application/adx+xml</c> in the OpenAPI document.</summary>
public sealed class AdxResult(IEnumerable<AdxValue> values, DateTimeOffset exported, string? nextCursor = null) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = Adx.ContentType + "; charset=utf-8";
        if (nextCursor is not null) httpContext.Response.Headers["X-Next-Cursor"] = nextCursor;
        await Adx.WriteAsync(httpContext.Response.Body, values, exported, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(AdxOutput.Instance);
}

/// <summary>Marks an endpoint whose 200 answer can also be ADX; the OpenAPI document adds <c>application/adx+xml</c> to it.</summary>
public sealed class AdxOutput
{
    public static readonly AdxOutput Instance = new();
}
