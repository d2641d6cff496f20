using System.Text;

namespace PSMigrate.Cli;

/// <summary>Plain aligned columns with a dashed rule under the header, like Format-Table.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        Line(text, headers.Select(h => new string('-', h.Length)).ToArray(), widths);
        foreach (var row in all) Line(text, row, widths);
        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i == cells.Count - 1) text.Append(cells[i]);
            else text.Append(cells[i].PadRight(widths[i] + 2));
        }
        text.Append('\n');
    }
}
