/// A minimal streaming JSON writer that keeps key order and writes non-ASCII as UTF-8.
///
/// It builds UTF-8 bytes, not a `String`: a reply of a few hundred rows is thousands of
/// cells, and appending them scalar by scalar to a `String` was most of the daemon's time.
public struct JSONWriter: Sendable {
    /// The JSON text written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// Whether the current container already holds an element (to place commas).
    private var hasElement: [Bool] = []
    private var afterKey = false

    /// A writer whose buffer holds `capacity` bytes before it must grow: a reply of a few
    /// hundred rows grew its buffer about sixteen times, each a copy into fresh pages
    /// (a quarter of `upcoming`'s encoding went to page faults and copying, perf).
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON text written so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if let last = hasElement.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            hasElement[hasElement.count - 1] = true
        }
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); hasElement.append(false) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); hasElement.removeLast() }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); hasElement.append(false) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); hasElement.removeLast() }

    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// The bytes `key(_:)` writes for `name`, for keys written once per row of a table.
    public static func quotedKey(_ name: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.appendQuoted(name)
        writer.bytes.append(UInt8(ascii: ":"))
        return writer.bytes
    }

    /// A key already quoted by `quotedKey(_:)`.
    public mutating func key(quoted: [UInt8]) {
        separate()
        bytes.append(contentsOf: quoted)
        afterKey = true
    }

    public mutating func string(_ value: String) { separate(); appendQuoted(value) }
    public mutating func int(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func bool(_ value: Bool) { separate(); value ? raw("true") : raw("false") }
    public mutating func null() { separate(); raw("null") }
    /// A number already in JSON syntax (an exact decimal).
    public mutating func number(_ literal: String) { separate(); bytes.append(contentsOf: literal.utf8) }

    public mutating func value(_ value: Value) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .decimal(let literal): number(literal)
        case .string(let text): string(text)
        case .instant: string(value.text ?? "")
        case .list(let items):
            beginArray()
            items.forEach { string($0) }
            endArray()
        }
    }

    /// A JSON string literal; only `"`, `\` and control characters are escaped. Text with
    /// none of them (nearly all) is copied in one piece.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            guard Self.needsEscaping(utf8) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case UInt8(ascii: "\r"): raw("\\r")
                case UInt8(ascii: "\t"): raw("\\t")
                case _ where Self.needsEscape(byte):
                    let hex = String(byte, radix: 16)
                    raw("\\u")
                    bytes.append(contentsOf: (String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default:
                    bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte of `utf8` must be escaped: a plain loop over the bytes, without a
    /// predicate called for each (every cell of a reply goes through it).
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 where byte < 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x5C { return true }
        return false
    }

    /// Bytes a JSON string may not hold as they are (UTF-8 continuation bytes never match).
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
