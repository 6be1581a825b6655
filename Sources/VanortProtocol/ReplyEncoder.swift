/// Writes replies in the protocol's text or JSON form. Every reply ends with LF.
public enum ReplyEncoder {
    public static func encode(_ reply: Reply, as format: ReplyFormat) -> String {
        switch format {
        case .text: text(reply)
        case .json: json(reply) + "\n"
        }
    }

    /// `<code> <KEYWORD> <text>`, then for tables a header, TSV rows and a lone `.`.
    public static func text(_ reply: Reply) -> String {
        var out = statusLine(reply.status, reply.message, keyword: reply.statusKeyword)
        guard let table = reply.table, reply.status == .rows || reply.status == .created else { return out }
        if reply.status == .created { out = statusLine(.created, reply.message + " n=\(table.rows.count)") }
        out += table.columns.map(escapeCell).joined(separator: "\t") + "\n"
        for row in table.rows {
            let line = row.map { $0.text.map(escapeCell) ?? "\\N" }.joined(separator: "\t")
            out += (line.hasPrefix(".") ? "." + line : line) + "\n"
        }
        return out + ".\n"
    }

    /// The status line alone, e.g. `200 OK pong`.
    public static func statusLine(_ status: Status, _ message: String, keyword: String? = nil) -> String {
        let flat = message.replacingNewlines()
        let keyword = keyword ?? status.keyword
        return flat.isEmpty ? "\(status.rawValue) \(keyword)\n" : "\(status.rawValue) \(keyword) \(flat)\n"
    }

    /// One JSON object: code, status, message, and field/columns/rows where present.
    public static func json(_ reply: Reply) -> String {
        // About 40 bytes a cell (`upcoming`: 290 kB for 6,900 cells), so the buffer rarely grows.
        var writer = JSONWriter(capacity: 256 + (reply.table.map { $0.rows.count * $0.columns.count * 40 } ?? 0))
        writer.beginObject()
        writer.key("code"); writer.int(reply.status.rawValue)
        writer.key("status"); writer.string(reply.statusKeyword)
        writer.key("message"); writer.string(reply.message)
        if let field = reply.field {
            writer.key("field"); writer.string(field)
        }
        if let table = reply.table {
            writer.key("columns")
            writer.beginArray()
            table.columns.forEach { writer.string($0) }
            writer.endArray()
            writer.key("rows")
            writer.beginArray()
            let keys = table.columns.map(JSONWriter.quotedKey)
            for row in table.rows {
                writer.beginObject()
                for (key, value) in zip(keys, row) {
                    writer.key(quoted: key)
                    writer.value(value)
                }
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
        return writer.output
    }

    /// TSV cell escaping: `\t`, `\n`, `\r` and `\\` as backslash escapes.
    public static func escapeCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// Status lines are one line: any line break becomes a space.
    fileprivate func replacingNewlines() -> String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }
}
