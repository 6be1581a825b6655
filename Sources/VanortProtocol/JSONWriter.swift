/// A minimal streaming JSON writer that keeps key order and writes non-ASCII as UTF-8.
public struct JSONWriter: Sendable {
    public private(set) var output = ""
    /// Whether the current container already holds an element (to place commas).
    private var hasElement: [Bool] = []
    private var afterKey = false

    public init() {}

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if let last = hasElement.last {
            if last { output += "," }
            hasElement[hasElement.count - 1] = true
        }
    }

    public mutating func beginObject() { separate(); output += "{"; hasElement.append(false) }
    public mutating func endObject() { output += "}"; hasElement.removeLast() }
    public mutating func beginArray() { separate(); output += "["; hasElement.append(false) }
    public mutating func endArray() { output += "]"; hasElement.removeLast() }

    public mutating func key(_ name: String) {
        separate()
        output += Self.quoted(name) + ":"
        afterKey = true
    }

    public mutating func string(_ value: String) { separate(); output += Self.quoted(value) }
    public mutating func int(_ value: Int) { separate(); output += String(value) }
    public mutating func bool(_ value: Bool) { separate(); output += value ? "true" : "false" }
    public mutating func null() { separate(); output += "null" }
    /// A number already in JSON syntax (an exact decimal).
    public mutating func number(_ literal: String) { separate(); output += literal }

    public mutating func value(_ value: Value) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .decimal(let literal): number(literal)
        case .string(let text): string(text)
        case .list(let items):
            beginArray()
            items.forEach { string($0) }
            endArray()
        }
    }

    /// A JSON string literal; only `"`, `\` and control characters are escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
