using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Indicators.Api.Infrastructure;

/// <summary>A cell read from a sheet: its text (a number as written in the file, e.g. <c>97.2</c>) and whether it is a number cell.</summary>
public readonly record struct XlsxValue(string Text, bool IsNumber);

/// <summary>A sheet row: its 1-based row number and its cells by 0-based column.</summary>
public sealed record XlsxRow(int Number, IReadOnlyDictionary<int, XlsxValue> Cells);

/// <summary>
/// Reads the first sheet of an xlsx workbook as Excel, LibreOffice or this service save it: shared, inline and formula
/// strings, numbers, booleans. No DTDs (so no external entities), and a bound on the unpacked size of each part.
/// </summary>
public static class XlsxReader
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const long MaxPartLength = 256L * 1024 * 1024;

    /// <exception cref="InvalidDataException">The bytes are not an xlsx workbook.</exception>
    public static IReadOnlyList<XlsxRow> ReadFirstSheet(Stream seekable)
    {
        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            var workbook = Load(zip, "xl/workbook.xml") ?? throw new InvalidDataException("The file has no xl/workbook.xml: it is not an xlsx workbook.");
            var sheetId = workbook.Descendants(XName.Get("sheet", Main)).FirstOrDefault()?.Attribute(XName.Get("id", Relationships))?.Value
                ?? throw new InvalidDataException("The workbook has no sheet.");
            var target = Load(zip, "xl/_rels/workbook.xml.rels")?.Descendants(XName.Get("Relationship", PackageRelationships))
                .FirstOrDefault(r => r.Attribute("Id")?.Value == sheetId)?.Attribute("Target")?.Value
                ?? throw new InvalidDataException("The workbook does not say where its first sheet is.");
            var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
            var sheet = Load(zip, path) ?? throw new InvalidDataException($"The workbook's first sheet {path} is missing.");
            var shared = Load(zip, "xl/sharedStrings.xml")?.Root?.Elements(XName.Get("si", Main)).Select(Text).ToList() ?? [];

            var rows = new List<XlsxRow>();
            var next = 1;
            foreach (var row in sheet.Descendants(XName.Get("row", Main)))
            {
                var number = int.TryParse(row.Attribute("r")?.Value, out var r) ? r : next;
                next = number + 1;
                var cells = new Dictionary<int, XlsxValue>();
                var column = 0;
                foreach (var cell in row.Elements(XName.Get("c", Main)))
                {
                    column = cell.Attribute("r")?.Value is { } reference ? ColumnOf(reference) : column;
                    if (Read(cell, shared) is { } value) cells[column] = value;
                    column++;
                }
                rows.Add(new XlsxRow(number, cells));
            }
            return rows;
        }
        catch (Exception e) when (e is XmlException or ArgumentOutOfRangeException or FormatException)
        {
            throw new InvalidDataException("The xlsx file is damaged: " + e.Message, e);
        }
    }

    private static XlsxValue? Read(XElement cell, List<string> shared)
    {
        var type = cell.Attribute("t")?.Value;
        var v = cell.Element(XName.Get("v", Main))?.Value;
        return type switch
        {
            "s" => v is not null && int.TryParse(v, out var i) && i >= 0 && i < shared.Count ? new XlsxValue(shared[i], false) : null,
            "inlineStr" => cell.Element(XName.Get("is", Main)) is { } inline ? new XlsxValue(Text(inline), false) : null,
            "str" or "e" => v is null ? null : new XlsxValue(v, false),
            "b" => v is null ? null : new XlsxValue(v == "1" ? "true" : "false", false),
            _ => v is null ? null : new XlsxValue(v, true),
        };
    }

    /// <summary>The text of a string item: its runs joined, without the phonetic guides.</summary>
    private static string Text(XElement item) => string.Concat(item.Descendants(XName.Get("t", Main))
        .Where(t => t.Parent?.Name != XName.Get("rPh", Main)).Select(t => t.Value));

    /// <summary>The 0-based column of a cell reference such as <c>AB12</c>.</summary>
    public static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            column = column * 26 + (c - 'A' + 1);
        }
        return column is > 0 and <= 16384 ? column - 1 : throw new FormatException($"'{reference}' is not a cell reference.");
    }

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null) return null;
        if (entry.Length > MaxPartLength) throw new InvalidDataException($"{path} unpacks to more than {MaxPartLength / 1024 / 1024} MB.");
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }
}
