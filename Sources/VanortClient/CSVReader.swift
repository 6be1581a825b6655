import Foundation

/// Reads RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF line ends), keeping
/// the line each record starts on so errors can point at it; and CSV as a Swedish Excel
/// saves it: semicolons between fields, Windows-1252 or UTF-8 with a byte-order mark.
public enum CSVReader {
    /// How a file's bytes are text.
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case windows1252 = "windows-1252"

        /// `--encoding` as typed: `utf-8`, `utf8`, `windows-1252`, `cp1252`, `latin1`.
        public init?(named name: String) {
            switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "utf-8", "utf8": self = .utf8
            case "windows-1252", "cp1252", "windows1252", "latin1", "latin-1", "iso-8859-1": self = .windows1252
            default: return nil
            }
        }
    }

    /// The file's text: UTF-8 (a byte-order mark is dropped) unless `encoding` says
    /// otherwise; bytes that are not UTF-8 are read as Windows-1252, what Excel writes on a
    /// Swedish Windows. nil only when the named encoding cannot read them.
    public static func text(_ data: Data, encoding: Encoding? = nil) -> String? {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        switch encoding {
        case .utf8?: return String(data: bytes, encoding: .utf8)
        case .windows1252?: return String(data: bytes, encoding: .windowsCP1252)
        case nil: return String(data: bytes, encoding: .utf8) ?? String(data: bytes, encoding: .windowsCP1252)
        }
    }

    /// The field separator of a file: `;` when its first line has more semicolons than
    /// commas outside quotes (Excel with a Swedish list separator), else `,`.
    public static func delimiter(of text: String) -> Character {
        var commas = 0, semicolons = 0, quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if quoted { continue }
            if character == "\n" || character == "\r\n" { break }
            if character == "," { commas += 1 }
            if character == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
    public struct Record: Sendable, Equatable {
        /// 1-based physical line where the record starts.
        public var line: Int
        public var fields: [String]
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The records of `text`, fields split at `delimiter` (by default the one the header uses).
    public static func records(_ text: String, delimiter: Character? = nil) throws -> [Record] {
        let separator = (delimiter ?? Self.delimiter(of: text)).unicodeScalars.first ?? ","
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            afterQuote = false
        }
        while index < characters.count {
            let c = characters[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < characters.count, characters[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw SyntaxError(line: line, message: "a quote inside an unquoted field") }
                quoted = true
            case separator:
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r" where index < characters.count && characters[index] == "\n":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !afterQuote else { throw SyntaxError(line: line, message: "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted else { throw SyntaxError(line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
