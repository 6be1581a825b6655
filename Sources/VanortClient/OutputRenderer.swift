import Foundation
import VanortProtocol

/// Prints a reply's table in one of vanortctl's output formats.
public enum OutputRenderer {
    /// - Parameter single: the command shows one record (`show`, `add`): JSON prints an
    ///   object, not an array, and a terminal gets one `field  value` line per column.
    /// A one-column table of text lines (`metrics`, `calendar export`) as the text itself,
    /// each line ended by `ending`.
    public static func lines(_ table: Table?, ending: String = "\n") -> String {
        (table?.rows ?? []).compactMap { row -> String? in
            guard case .string(let line) = row.first else { return nil }
            return line + ending
        }.joined()
    }

    /// A report's long table (`section` first) as Markdown: a heading, then one table a section.
    /// `table` as Markdown: a `title`, then one `##` section per value of its first column
    /// (headed as `heading` names it), its other columns headed as `column` names them.
    public static func markdown(
        _ table: Table, title: String, heading: (String) -> String = { $0.prefix(1).uppercased() + $0.dropFirst() },
        column: (String) -> String = { $0 }, nothing: String = "Nothing recorded for this period."
    ) -> String {
        func cell(_ value: Value) -> String {
            switch value {
            case .null: ""
            case .string(let text): text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            default: value.text ?? ""
            }
        }
        var out = "# \(title)\n"
        var sections: [String] = []
        var rows: [String: [[Value]]] = [:]
        for row in table.rows {
            let section = row.first.map(cell) ?? ""
            if rows[section] == nil { sections.append(section) }
            rows[section, default: []].append(Array(row.dropFirst()))
        }
        let columns = table.columns.dropFirst().map(column)
        for section in sections {
            out += "\n## \(heading(section))\n\n"
            out += "| " + columns.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: columns.count) + "\n"
            for row in rows[section] ?? [] { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        }
        if sections.isEmpty { out += "\n\(nothing)\n" }
        return out
    }

    public static func render(_ table: Table, as format: OutputFormat, single: Bool = false, width: Int? = nil) -> String {
        switch format {
        case .json: json(table, single: single) + "\n"
        case .csv: csv(table)
        case .excel: excel(table)
        case .tsv: tsv(table)
        case .table: single && table.rows.count == 1 ? verticalTable(table) : alignedTable(table, width: width)
        }
    }

    /// `[{…},…]` with the columns in order, or `{…}` for a single record.
    public static func json(_ table: Table, single: Bool) -> String {
        var writer = JSONWriter()
        if !single { writer.beginArray() }
        for row in single ? Array(table.rows.prefix(1)) : table.rows {
            writer.beginObject()
            for (column, value) in zip(table.columns, row) {
                writer.key(column)
                writer.value(value)
            }
            writer.endObject()
        }
        if single, table.rows.isEmpty { writer.null() }
        if !single { writer.endArray() }
        return writer.output
    }

    /// RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes doubled; NULL is empty.
    public static func csv(_ table: Table) -> String {
        csv(table, separator: ",")
    }

    /// What Excel set to Swedish opens as it is: a UTF-8 byte-order mark (so å, ä and ö
    /// survive), semicolons between fields, CRLF, and decimal commas in numbers.
    public static func excel(_ table: Table) -> String {
        "\u{FEFF}" + csv(table, separator: ";", decimalComma: true)
    }

    static func csv(_ table: Table, separator: Character, decimalComma: Bool = false) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        func cell(_ value: Value) -> String {
            if decimalComma, case .decimal(let number) = value { return number.replacingOccurrences(of: ".", with: ",") }
            return value.text ?? ""
        }
        let joint = String(separator)
        var out = table.columns.map(field).joined(separator: joint) + "\r\n"
        for row in table.rows {
            out += row.map { field(cell($0)) }.joined(separator: joint) + "\r\n"
        }
        return out
    }

    /// Header and rows separated by tabs; tabs, newlines and backslashes escaped; NULL empty.
    public static func tsv(_ table: Table) -> String {
        var out = table.columns.joined(separator: "\t") + "\n"
        for row in table.rows {
            out += row.map { escape($0.text ?? "") }.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Aligned columns; with `width` (a terminal's), the widest columns give way until the
    /// table fits, their long cells cut with `…`. Only ever on a terminal: pipes, JSON and
    /// CSV always carry every character.
    public static func alignedTable(_ table: Table, width: Int? = nil) -> String {
        var cells = table.rows.map { $0.map { escape($0.text ?? "") } }
        var headings = table.columns
        var widths = table.columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        if let width {
            let gaps = 2 * max(widths.count - 1, 0)
            // Narrow the widest column, a character at a time, down to 5 (headings are cut too).
            while widths.reduce(0, +) + gaps > width, let widest = widths.indices.filter({ widths[$0] > 5 }).max(by: { widths[$0] < widths[$1] }) {
                widths[widest] -= 1
            }
            func cut(_ cell: String, _ limit: Int) -> String { cell.count > limit ? String(cell.prefix(max(limit - 1, 0))) + "…" : cell }
            cells = cells.map { row in zip(row, widths).map(cut) }
            headings = zip(headings, widths).map(cut)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0 + String(repeating: " ", count: max($1 - $0.count, 0)) }
                .joined(separator: "  ").replacing(/\s+$/, with: "") + "\n"
        }
        var out = line(headings)
        out += line(widths.map { String(repeating: "-", count: $0) })
        cells.forEach { out += line($0) }
        return out
    }

    static func verticalTable(_ table: Table) -> String {
        let width = table.columns.map(\.count).max() ?? 0
        return zip(table.columns, table.rows[0]).map { column, value in
            column + String(repeating: " ", count: width - column.count) + "  " + escape(value.text ?? "")
        }.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        ReplyEncoder.escapeCell(text)
    }
}
