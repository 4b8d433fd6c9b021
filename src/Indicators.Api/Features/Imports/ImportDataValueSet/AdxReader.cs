using System.Xml;
using System.Xml.Linq;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>
/// Reads an IHE ADX message (<see cref="Adx"/>) into a data value set, one group at a time. Each value takes its
/// group's <c>orgUnit</c> and <c>period</c> (still an ISO 8601 interval); <c>dataSet</c>, <c>completeDate</c> and
/// <c>exported</c> are not used. Any other attribute of a group or a value is a disaggregation, category code = option
/// code (<c>sex="female"</c>): it comes back as the attribute or category option combo <c>sex=female</c>.
/// No DTD, no external entities.
/// </summary>
public static class AdxReader
{
    private static readonly XNamespace Ns = Adx.Namespace;

    private static readonly HashSet<string> GroupAttributes = ["orgUnit", "period", "dataSet", "completeDate"];

    private static readonly HashSet<string> ValueAttributes = ["dataElement", "value", "numerator", "denominator"];

    /// <returns>The set, or the format error keyed <c>body</c>.</returns>
    public static async Task<(DataValueSetRequest Set, Dictionary<string, string[]> Errors)> ReadAsync(Stream body, CancellationToken ct)
    {
        var values = new List<DataValueRequest?>();
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(body, settings);
            await reader.MoveToContentAsync();
            if (reader.LocalName != "adx" || reader.NamespaceURI != Adx.Namespace)
            {
                return Failed($"The root element must be <adx xmlns=\"{Adx.Namespace}\">; got <{reader.Name}> in '{reader.NamespaceURI}'.");
            }
            await reader.ReadAsync();
            while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
            {
                ct.ThrowIfCancellationRequested();
                if (reader.NodeType != XmlNodeType.Element) return Failed($"<adx> holds <group> elements only; got {reader.NodeType}.");
                var group = (XElement)await XNode.ReadFromAsync(reader, ct);
                if (group.Name != Ns + "group") return Failed($"<adx> holds <group> elements only; got <{group.Name.LocalName}>.");
                var groupExtras = Extras(group, GroupAttributes);
                foreach (var dataValue in group.Elements())
                {
                    if (dataValue.Name != Ns + "dataValue") return Failed($"<group> holds <dataValue> elements only; got <{dataValue.Name.LocalName}>.");
                    values.Add(new DataValueRequest
                    {
                        DataElement = (string?)dataValue.Attribute("dataElement"),
                        OrgUnit = (string?)group.Attribute("orgUnit"),
                        Period = (string?)group.Attribute("period"),
                        AttributeOptionCombo = groupExtras,
                        CategoryOptionCombo = Extras(dataValue, ValueAttributes),
                        Value = (string?)dataValue.Attribute("value"),
                        Numerator = (string?)dataValue.Attribute("numerator"),
                        Denominator = (string?)dataValue.Attribute("denominator"),
                        Comment = (string?)dataValue.Element(Ns + "annotation"),
                    });
                }
            }
            // Whatever follows the root must still be well-formed.
            while (await reader.ReadAsync()) ct.ThrowIfCancellationRequested();
        }
        catch (XmlException e)
        {
            return Failed($"The body is not well-formed ADX XML: {e.Message}");
        }
        return (new DataValueSetRequest { DataValues = values }, []);
    }

    /// <summary>The disaggregation an element's other attributes name (<c>SEX=F;AGE=15-49</c>), or null for the total.</summary>
    private static string? Extras(XElement element, HashSet<string> known)
    {
        var extras = element.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None && !known.Contains(a.Name.LocalName)).ToList();
        return extras.Count == 0 ? null : string.Join(';', extras.Select(a => $"{a.Name.LocalName}={a.Value}"));
    }

    private static (DataValueSetRequest, Dictionary<string, string[]>) Failed(string message) =>
        (new DataValueSetRequest(), new Dictionary<string, string[]> { ["body"] = [message] });
}
