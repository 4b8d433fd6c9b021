using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Indicators.Api.Infrastructure;

/// <summary>A column of a form: its header, width in characters, and whether people type into it (the others are locked).</summary>
public sealed record XlsxColumn(string Header, double Width, bool Input);

/// <summary>A cell of a form: text, or a number cell (set or empty) shown with <see cref="Decimals"/> places.</summary>
public readonly record struct XlsxCell(string? Text, decimal? Number, int? Decimals)
{
    public static XlsxCell Of(string? text) => new(text, null, null);

    public static XlsxCell Of(decimal? number, int decimals) => new(null, number, Math.Clamp(decimals, 0, MaxDecimals));

    public const int MaxDecimals = 6;
}

/// <summary>
/// A one-sheet xlsx form to fill in: a frozen bold header, locked key columns, input columns unlocked and shaded, and
/// the sheet protected without a password (so nobody overwrites a code by mistake, and anyone may lift it on purpose).
/// Numbers are numeric cells with their decimals as the format, text is text. The library behind the lists cannot lock
/// cells, hence this small writer.
/// </summary>
public static class XlsxForm
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Cell styles (cellXfs): 0 default, 1 header, 2 locked text, 3 input text, 4+d locked number, 4+7+d input number.
    private const int Header = 1, LockedText = 2, InputText = 3, LockedNumber = 4, InputNumber = LockedNumber + XlsxCell.MaxDecimals + 1;

    public static async Task WriteAsync(Stream stream, string sheetName, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<XlsxCell>> rows, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Part(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Xml(zip, "xl/workbook.xml", w =>
            {
                w.WriteStartElement("workbook", Main);
                w.WriteAttributeString("xmlns", "r", null, Relationships);
                w.WriteStartElement("sheets", Main);
                w.WriteStartElement("sheet", Main);
                w.WriteAttributeString("name", SheetName(sheetName));
                w.WriteAttributeString("sheetId", "1");
                w.WriteAttributeString("id", Relationships, "rId1");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            });
            Xml(zip, "xl/styles.xml", Styles);
            Xml(zip, "xl/worksheets/sheet1.xml", w => Sheet(w, columns, rows, ct));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(stream, ct);
    }

    /// <summary>Excel's rules for a sheet name: at most 31 characters, none of <c>: \ / ? * [ ]</c>.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c, StringComparison.Ordinal) ? '-' : c).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static void Sheet(XmlWriter w, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<XlsxCell>> rows, CancellationToken ct)
    {
        w.WriteStartElement("worksheet", Main);
        w.WriteStartElement("sheetViews", Main);
        w.WriteStartElement("sheetView", Main);
        w.WriteAttributeString("workbookViewId", "0");
        w.WriteStartElement("pane", Main);
        w.WriteAttributeString("ySplit", "1");
        w.WriteAttributeString("topLeftCell", "A2");
        w.WriteAttributeString("activePane", "bottomLeft");
        w.WriteAttributeString("state", "frozen");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("cols", Main);
        for (var i = 0; i < columns.Count; i++)
        {
            w.WriteStartElement("col", Main);
            w.WriteAttributeString("min", Number(i + 1));
            w.WriteAttributeString("max", Number(i + 1));
            w.WriteAttributeString("width", columns[i].Width.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("customWidth", "1");
            // The whole input column is unlocked, so rows added below the form can be typed into too.
            if (columns[i].Input) w.WriteAttributeString("style", Number(InputText));
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("sheetData", Main);
        var rowNumber = 1;
        WriteRow(w, rowNumber, columns.Select(c => (XlsxCell.Of(c.Header), Header)));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            rowNumber++;
            WriteRow(w, rowNumber, row.Select((cell, i) => (cell, cell.Decimals is { } decimals
                ? (columns[i].Input ? InputNumber : LockedNumber) + decimals
                : columns[i].Input ? InputText : LockedText)));
        }
        w.WriteEndElement();

        w.WriteStartElement("sheetProtection", Main);
        w.WriteAttributeString("sheet", "1");
        w.WriteAttributeString("objects", "1");
        w.WriteAttributeString("scenarios", "1");
        w.WriteAttributeString("formatColumns", "0");
        w.WriteAttributeString("formatRows", "0");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteRow(XmlWriter w, int rowNumber, IEnumerable<(XlsxCell Cell, int Style)> cells)
    {
        w.WriteStartElement("row", Main);
        w.WriteAttributeString("r", Number(rowNumber));
        var column = 0;
        foreach (var (cell, style) in cells)
        {
            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", ColumnName(column++) + Number(rowNumber));
            w.WriteAttributeString("s", Number(style));
            if (cell.Number is { } number)
            {
                w.WriteElementString("v", Main, number.ToString(CultureInfo.InvariantCulture));
            }
            else if (cell.Text is { } text)
            {
                w.WriteAttributeString("t", "inlineStr");
                w.WriteStartElement("is", Main);
                w.WriteStartElement("t", Main);
                if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) w.WriteAttributeString("xml", "space", null, "preserve");
                w.WriteString(text);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Styles(XmlWriter w)
    {
        w.WriteStartElement("styleSheet", Main);
        w.WriteStartElement("numFmts", Main);
        w.WriteAttributeString("count", Number(XlsxCell.MaxDecimals + 1));
        for (var d = 0; d <= XlsxCell.MaxDecimals; d++)
        {
            w.WriteStartElement("numFmt", Main);
            w.WriteAttributeString("numFmtId", Number(164 + d));
            w.WriteAttributeString("formatCode", d == 0 ? "#,##0" : "#,##0." + new string('0', d));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteRaw("""<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>""");
        w.WriteRaw("""<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>""");
        w.WriteRaw("""<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>""");
        w.WriteRaw("""<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>""");
        var styles = new List<string>
        {
            """<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>""",
            """<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>""",
            """<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""",
            """<xf numFmtId="49" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyProtection="1"><protection locked="0"/></xf>""",
        };
        for (var d = 0; d <= XlsxCell.MaxDecimals; d++) styles.Add($"""<xf numFmtId="{164 + d}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""");
        for (var d = 0; d <= XlsxCell.MaxDecimals; d++) styles.Add($"""<xf numFmtId="{164 + d}" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyProtection="1"><protection locked="0"/></xf>""");
        w.WriteRaw($"""<cellXfs count="{styles.Count}">{string.Concat(styles)}</cellXfs>""");
        w.WriteRaw("""<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>""");
        w.WriteEndElement();
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static void Xml(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        writer.WriteStartDocument(standalone: true);
        write(writer);
        writer.WriteEndDocument();
    }

    /// <summary>A header that people read and a program matches: <c>Giá trị (value)</c>.</summary>
    public static string Keyed(string label, string key) => $"{label} ({key})";

    /// <summary>The key of a header written by <see cref="Keyed"/>, or the header itself (a plain <c>value</c> column).</summary>
    public static string KeyOf(string header)
    {
        var text = header.Trim();
        var open = text.LastIndexOf('(');
        return text.EndsWith(')') && open >= 0 ? text[(open + 1)..^1].Trim() : text;
    }

    /// <summary>A, B, …, Z, AA, AB, … for a 0-based column.</summary>
    public static string ColumnName(int column) => column < 26 ? ((char)('A' + column)).ToString() : ColumnName(column / 26 - 1) + (char)('A' + column % 26);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
