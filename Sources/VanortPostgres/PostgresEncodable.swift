import Foundation

/// A Swift value that can be sent as a statement parameter, in PostgreSQL's text format.
public protocol PostgresEncodable: Sendable {
    /// The value as PostgreSQL's input syntax for its type.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
}

extension Double: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Decimal: PostgresEncodable {
    public var postgresText: String { description }
}

extension UUID: PostgresEncodable {
    public var postgresText: String { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    /// An ISO 8601 instant in UTC with microseconds, which `timestamptz` reads exactly.
    /// Written digit by digit: `String(format:)` was 7 % of the daemon's time for a
    /// pipelined `reminder add` (perf, stop 27).
    public var postgresText: String {
        var micros = Int((timeIntervalSince1970 * 1_000_000).rounded())
        var whole = micros.quotientAndRemainder(dividingBy: 1_000_000)
        if whole.remainder < 0 { whole = (whole.quotient - 1, whole.remainder + 1_000_000) }
        micros = whole.remainder
        var tm = tm()
        var time = time_t(whole.quotient)
        gmtime_r(&time, &tm)
        var text = ""
        text.reserveCapacity(30)
        func append(_ value: Int, digits: Int) {
            let decimal = String(value)
            if decimal.count < digits { text += String(repeating: "0", count: digits - decimal.count) }
            text += decimal
        }
        append(Int(tm.tm_year) + 1900, digits: 4)
        text += "-"
        append(Int(tm.tm_mon) + 1, digits: 2)
        text += "-"
        append(Int(tm.tm_mday), digits: 2)
        text += " "
        append(Int(tm.tm_hour), digits: 2)
        text += ":"
        append(Int(tm.tm_min), digits: 2)
        text += ":"
        append(Int(tm.tm_sec), digits: 2)
        text += "."
        append(micros, digits: 6)
        text += "+00"
        return text
    }
}

extension Array: PostgresEncodable where Element == String {
    /// An array literal with every element quoted, so commas, braces and quotes survive.
    /// Elements without a quote or backslash are copied whole (a recorded batch sends eight
    /// arrays of 500: escaping them character by character was 2.6 % of a burst).
    public var postgresText: String {
        var literal = "{"
        literal.reserveCapacity(reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, element) in enumerated() {
            literal += index == 0 ? "\"" : ",\""
            if element.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for scalar in element.unicodeScalars {
                    if scalar == "\"" || scalar == "\\" { literal.unicodeScalars.append("\\") }
                    literal.unicodeScalars.append(scalar)
                }
            } else {
                literal += element
            }
            literal += "\""
        }
        return literal + "}"
    }
}

/// A calendar date as PostgreSQL's `date` holds it: no time, no zone.
public struct PostgresDate: Hashable, Sendable, PostgresEncodable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var postgresText: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}
