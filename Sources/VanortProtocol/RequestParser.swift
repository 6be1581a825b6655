import Foundation

/// Turns one request line (bytes, without its LF) into a `Request`.
///
/// The grammar is in `docs/protocol.md`: words separated by spaces, `key=value`
/// options, double quotes with backslash escapes for anything holding spaces,
/// quotes, `=` or control characters. Text is normalised to NFC.
public enum RequestParser {
    /// Keys are lower-case words with digits and dashes, as the CLI's flags are.
    static func isKeyCharacter(_ character: Character) -> Bool {
        ("a"..."z").contains(character) || ("0"..."9").contains(character) || character == "-" || character == "_"
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> Request {
        var bytes = Array(bytes)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if let index = bytes.firstIndex(of: 0) {
            throw SyntaxError("NUL byte in request", column: index + 1)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SyntaxError("request is not valid UTF-8")
        }
        return try parse(text)
    }

    public static func parse(_ line: String) throws(SyntaxError) -> Request {
        var scanner = Scanner(Array(line.unicodeScalars))
        var words: [String] = []
        var options: [(key: String, value: String)] = []
        while true {
            scanner.skipSpaces()
            guard let start = scanner.peek else { break }
            let column = scanner.column
            if start == "\"" {
                words.append(try scanner.quoted())
                continue
            }
            let bare = try scanner.bare()
            guard let equals = bare.unicodeScalars.firstIndex(of: "=") else {
                words.append(bare)
                continue
            }
            let key = String(bare.unicodeScalars[..<equals])
            guard !key.isEmpty, key.allSatisfy(isKeyCharacter) else {
                throw SyntaxError("'\(key)' is not an option name (lower-case letters, digits and '-')", column: column)
            }
            var value = String(bare.unicodeScalars[bare.unicodeScalars.index(after: equals)...])
            if value.isEmpty, scanner.peek == "\"" {
                value = try scanner.quoted()
            } else if value.unicodeScalars.contains("=") {
                throw SyntaxError("a value holding '=' must be quoted", column: column)
            }
            if options.contains(where: { $0.key == key }) {
                throw SyntaxError("option '\(key)' given twice", column: column)
            }
            options.append((key, nfc(value)))
        }
        return Request(words: words.map(nfc), options: options)
    }

    /// `text` in NFC. ASCII already is, and most requests are ASCII: normalising every word
    /// and value was 5 % of a pipelined `reminder add` (perf, stop 27).
    static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Walks the Unicode scalars of one line. Scalars, not characters: a combining mark
    /// after a quote or a space must not hide the quote or the space.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        var column: Int { index + 1 }

        mutating func skipSpaces() {
            while peek == " " { index += 1 }
        }

        /// A bare word: up to the next space. Quotes and control characters inside are errors.
        mutating func bare() throws(SyntaxError) -> String {
            var word = ""
            while let character = peek, character != " " {
                if character == "\"" {
                    // Only `key="..."` may meet a quote, right after '='.
                    if word.unicodeScalars.last == "=", !word.unicodeScalars.dropLast().contains("=") { return word }
                    throw SyntaxError("unexpected '\"' inside a word", column: column)
                }
                try Self.rejectControl(character, column: column)
                word.unicodeScalars.append(character)
                index += 1
            }
            return word
        }

        /// A double-quoted string with escapes; it must end at a space or the end of the line.
        mutating func quoted() throws(SyntaxError) -> String {
            let opening = column
            index += 1
            var value = ""
            while true {
                guard let character = peek else {
                    throw SyntaxError("unbalanced quote", column: opening)
                }
                index += 1
                switch character {
                case "\"":
                    if let next = peek, next != " " {
                        throw SyntaxError("text glued to a closing quote", column: column)
                    }
                    return value
                case "\\":
                    value.unicodeScalars.append(try escape())
                default:
                    try Self.rejectControl(character, column: column - 1)
                    value.unicodeScalars.append(character)
                }
            }
        }

        private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
            let at = column - 1
            guard let character = peek else { throw SyntaxError("unbalanced quote", column: at) }
            index += 1
            switch character {
            case "\"": return "\""
            case "\\": return "\\"
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "u":
                guard peek == "{" else { throw SyntaxError("\\u must be followed by {HHHH}", column: at) }
                index += 1
                var hex = ""
                while let digit = peek, digit != "}" {
                    hex.unicodeScalars.append(digit)
                    index += 1
                    if hex.count > 6 { break }
                }
                guard peek == "}", !hex.isEmpty, let value = UInt32(hex, radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw SyntaxError("\\u{\(hex)} is not a Unicode scalar", column: at) }
                index += 1
                guard value != 0 else { throw SyntaxError("\\u{0}: NUL is not allowed", column: at) }
                return scalar
            default:
                throw SyntaxError("unknown escape '\\\(character)'", column: at)
            }
        }

        static func rejectControl(_ scalar: Unicode.Scalar, column: Int) throws(SyntaxError) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                throw SyntaxError("raw control character (write it as an escape inside quotes)", column: column)
            }
        }
    }
}
