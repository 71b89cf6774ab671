using System.Globalization;
using System.Text;

namespace Guichet.Features.Statistics;

/// <summary>A table of a report, for its exports: a French name (the sheet's), French headers and rows of typed cells.</summary>
internal sealed record ExportTable(string Name, string[] Headers, List<object?[]> Rows);

/// <summary>
/// The exports of the statistics and report pages (phone indicators, service-level reports): CSV (semicolons, one
/// block per table, UTF-8 with BOM, cells safe from formulas) and spreadsheets (MiniExcel: one sheet per table, French
/// headers, numbers as numbers and dates as dates). Cells are typed: <see cref="LocalDate"/>, <see cref="YearMonth"/>
/// (the month's first day) and <see cref="LocalDateTime"/> become dates in the spreadsheet.
/// </summary>
internal static class Exports
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The tables as CSV: the <paramref name="preamble"/> rows, then each table (its name, its headers, its rows) after a blank line.</summary>
    public static string ToCsv(IEnumerable<string[]> preamble, IEnumerable<ExportTable> tables, string decimalFormat = "0.0##")
    {
        var csv = new StringBuilder();
        void Row(IEnumerable<string> cells) => csv.Append(string.Join(';', cells.Select(Csv.Cell))).Append("\r\n");
        foreach (var row in preamble)
        {
            Row(row);
        }

        foreach (var table in tables)
        {
            csv.Append("\r\n");
            Row([table.Name]);
            Row(table.Headers);
            foreach (var row in table.Rows)
            {
                Row(row.Select(v => Text(v, decimalFormat)));
            }
        }

        return csv.ToString();
    }

    /// <summary>The CSV text as a file's bytes (UTF-8 with a BOM, which French spreadsheets need to read accents).</summary>
    public static byte[] CsvBytes(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>The CSV text as a download named <paramref name="name"/> (".csv" added), UTF-8 with a BOM.</summary>
    public static FileContentResult CsvFile(string csv, string name) => new(CsvBytes(csv), CsvType) { FileDownloadName = name + ".csv" };

    /// <summary>A spreadsheet as a download named <paramref name="name"/> (".xlsx" added).</summary>
    public static FileContentResult XlsxFile(byte[] xlsx, string name) => new(xlsx, XlsxType) { FileDownloadName = name + ".xlsx" };

    /// <summary>A cell as CSV text: numbers with a dot, dates as ISO 8601.</summary>
    public static string Text(object? value, string decimalFormat = "0.0##") => value switch
    {
        null => "",
        decimal d => d.ToString(decimalFormat, CultureInfo.InvariantCulture),
        double d => d.ToString(decimalFormat, CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        LocalDate d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        YearMonth m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        LocalDateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The tables as a spreadsheet: one sheet per table, French headers, numbers as numbers, dates as dates.</summary>
    public static byte[] ToXlsx(IEnumerable<ExportTable> tables)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            var data = table.Rows.Select(row =>
            {
                var cells = new Dictionary<string, object?>();
                for (var i = 0; i < table.Headers.Length; i++)
                {
                    cells[table.Headers[i]] = Cell(row[i]);
                }

                return cells;
            }).ToList();
            if (data.Count == 0)
            {
                data.Add(table.Headers.ToDictionary(h => h, _ => (object?)null));
            }

            sheets[table.Name] = data;
        }

        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }

    private static object? Cell(object? value) => value switch
    {
        LocalDate d => d.ToDateTimeUnspecified(),
        YearMonth m => m.OnDayOfMonth(1).ToDateTimeUnspecified(),
        LocalDateTime t => t.ToDateTimeUnspecified(),
        _ => value,
    };
}
