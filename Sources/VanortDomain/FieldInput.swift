import Foundation

/// The raw `key=value` fields of an add or update, read into typed values with the
/// register's rules. Each accessor throws a `ValidationError` naming the field.
public struct FieldInput: Sendable {
    // The field rules' patterns, compiled once (`TextPattern`).
    static let amount = TextPattern(#"^\d{1,10}(\.\d{1,2})?$"#)
    static let listItem = TextPattern(#"^[\p{L}\p{N}][\p{L}\p{N}\-]{0,59}$"#)
    static let email = TextPattern(#"^[^@\s]+@[^@\s]+\.[^@\s.]+$"#)
    static let phone = TextPattern(#"^\+?[0-9 ()\-]{3,}$"#)
    static let instant = TextPattern(#"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(:(\d{2})([.,]\d{1,9})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$"#)

    public private(set) var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The input with `changes` laid over it (an update over the stored record).
    public func overlaid(with changes: [String: String]) -> FieldInput {
        FieldInput(values.merging(changes) { $1 })
    }

    /// `raw` without the spaces and tabs around it; text that has none is returned as it
    /// is, without Foundation's scan (3 % of a pipelined `reminder add`, perf, stop 27).
    public static func trimmed(_ raw: String) -> String {
        func plain(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x80 } ?? true }
        return plain(raw.utf8.first) && plain(raw.utf8.last) ? raw : raw.trimmingCharacters(in: .whitespaces)
    }

    /// The trimmed text, or nil when absent or empty.
    public func optionalText(_ field: String, maxLength: Int = 2000) throws(ValidationError) -> String? {
        guard let raw = values[field] else { return nil }
        let text = Self.trimmed(raw)
        if text.isEmpty { return nil }
        guard text.count <= maxLength else {
            throw ValidationError(
                field: field, value: String(text.prefix(40)) + "…", key: "rule.too-long", ["length": String(text.count), "max": String(maxLength)])
        }
        return text
    }

    public func text(_ field: String, maxLength: Int = 200) throws(ValidationError) -> String {
        guard let text = try optionalText(field, maxLength: maxLength) else {
            throw ValidationError(field: field, value: nil, key: "rule.required")
        }
        return text
    }

    /// Notes and other long text, up to 64 Ki characters: kept verbatim apart from trimming.
    public func notes(_ field: String = "notes") throws(ValidationError) -> String? {
        try optionalText(field, maxLength: Self.notesLength)
    }

    /// The longest note, in characters.
    public static let notesLength = 65_536

    public func optionalInteger(_ field: String, in range: ClosedRange<Int>) throws(ValidationError) -> Int? {
        guard let text = try optionalText(field) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw ValidationError(field: field, value: text, key: "rule.whole-number", ["from": String(range.lowerBound), "to": String(range.upperBound)])
        }
        return number
    }

    /// An exact amount: `1250`, `1250.50`, or as Swedish writes it, `1250,50` and `12 500,50`.
    public func optionalDecimal(_ field: String, minimum: Decimal = 0) throws(ValidationError) -> Decimal? {
        guard let typed = try optionalText(field) else { return nil }
        // Spaces (also no-break ones) group thousands; a comma is the decimal sign.
        let text = typed.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }.replacingOccurrences(of: ",", with: ".")
        guard Self.amount.matches(text),
            let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), number >= minimum
        else { throw ValidationError(field: field, value: typed, key: "rule.amount") }
        return number
    }

    public func optionalDate(_ field: String) throws(ValidationError) -> CalendarDate? {
        guard let text = try optionalText(field) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw ValidationError(field: field, value: text, key: "rule.date")
        }
        return date
    }

    public func date(_ field: String) throws(ValidationError) -> CalendarDate {
        guard let date = try optionalDate(field) else { throw ValidationError(field: field, value: nil, key: "rule.required") }
        return date
    }

    public func optionalBool(_ field: String) throws(ValidationError) -> Bool? {
        guard let text = try optionalText(field)?.lowercased() else { return nil }
        switch text {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw ValidationError(field: field, value: text, key: "rule.bool")
        }
    }

    /// One of a fixed set of words.
    public func optionalChoice<C: RawRepresentable & CaseIterable>(_ field: String, _ type: C.Type) throws(ValidationError) -> C?
    where C.RawValue == String {
        guard let text = try optionalText(field)?.lowercased() else { return nil }
        let words = C.allCases.map(\.rawValue)
        guard let value = C(rawValue: text) ?? Catalogue.choice(text, among: words).flatMap(C.init(rawValue:)) else {
            throw ValidationError(field: field, value: text, key: "rule.one-of", Self.oneOf(words))
        }
        return value
    }

    /// What `rule.one-of` says: `must be one of draft, applied, … (in Swedish: utkast, ansökt, …)`.
    static func oneOf(_ words: [String]) -> [String: String] {
        ["words": words.joined(separator: ", "), "swedish": words.map { Catalogue.word($0, .sv) }.joined(separator: ", ")]
    }

    public func choice<C: RawRepresentable & CaseIterable>(_ field: String, _ type: C.Type, default value: C? = nil) throws(ValidationError) -> C
    where C.RawValue == String {
        if let chosen = try optionalChoice(field, type) { return chosen }
        guard let value else { throw ValidationError(field: field, value: nil, key: "rule.required") }
        return value
    }

    /// A comma-separated list of words (`education,culture`), lower-cased, without repeats.
    /// Words are letters, digits and dashes, so lists stay extensible but tidy.
    public func list(_ field: String) throws(ValidationError) -> [String] {
        guard let text = try optionalText(field) else { return [] }
        var items: [String] = []
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard Self.listItem.matches(item) else {
                throw ValidationError(field: field, value: String(raw), key: "rule.list")
            }
            if !items.contains(item) { items.append(item) }
        }
        return items
    }

    /// Names separated by commas (organisations), as typed but trimmed, each at most 200
    /// characters; a name given twice (ignoring case) counts once.
    public func names(_ field: String) throws(ValidationError) -> [String] {
        guard let text = try optionalText(field) else { return [] }
        var names: [String] = []
        for raw in text.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            guard name.count <= 200 else {
                throw ValidationError(field: field, value: String(name.prefix(40)) + "…", key: "rule.name-too-long", ["length": String(name.count)])
            }
            if !names.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { names.append(name) }
        }
        return names
    }

    /// A time of day as `HH:MM` (`9:00` and `09:00:00` read too); nil when absent.
    public func optionalTimeOfDay(_ field: String) throws(ValidationError) -> String? {
        guard let text = try optionalText(field) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count <= 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute),
            parts.count == 2 || parts[2] == "00"
        else { throw ValidationError(field: field, value: text, rule: "must be a time of day as HH:MM, e.g. 09:00") }
        return String(format: "%02d:%02d", hour, minute)
    }

    /// An ISO 3166-1 alpha-2 country code, upper-cased.
    public func country(_ field: String) throws(ValidationError) -> String {
        let text = try self.text(field).uppercased()
        guard CountryCodes.all.contains(text) else {
            throw ValidationError(field: field, value: text, key: "rule.country")
        }
        return text
    }

    /// An IANA time zone name such as Europe/Stockholm.
    public func timeZone(_ field: String) throws(ValidationError) -> String {
        let text = try self.text(field)
        guard text.contains("/") || text == "UTC", TimeZone(identifier: text) != nil else {
            throw ValidationError(field: field, value: text, key: "rule.timezone")
        }
        return text
    }

    public func optionalEmail(_ field: String) throws(ValidationError) -> String? {
        guard let text = try optionalText(field, maxLength: 254) else { return nil }
        guard Self.email.matches(text) else {
            throw ValidationError(field: field, value: text, key: "rule.email")
        }
        return text
    }

    public func optionalWebsite(_ field: String) throws(ValidationError) -> String? {
        guard let text = try optionalText(field, maxLength: 500) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ValidationError(field: field, value: text, key: "rule.website")
        }
        return text
    }

    public func optionalPhone(_ field: String) throws(ValidationError) -> String? {
        guard let text = try optionalText(field, maxLength: 40) else { return nil }
        guard Self.phone.matches(text) else {
            throw ValidationError(field: field, value: text, key: "rule.phone")
        }
        return text
    }

    /// An instant as RFC 3339 or ISO 8601 writes it: `YYYY-MM-DDTHH:MM[:SS[.fraction]]`
    /// (`T`, `t` or a space between), read in `zone` unless it ends in `Z` or an offset
    /// (`+02:00`, `+0200`, `+02`), so whatever vanortd prints can be typed back. A local time
    /// in a spring-forward gap means the first instant after it; one in the fall-back
    /// overlap its first occurrence.
    public func optionalInstant(_ field: String, zone: TimeZone) throws(ValidationError) -> Date? {
        guard let text = try optionalText(field, maxLength: 40) else { return nil }
        let invalid = ValidationError(
            field: field, value: text, key: "rule.time")
        guard let match = Self.instant.firstMatch(in: text), let date = CalendarDate(iso: String(text.prefix(10))) else {
            throw invalid
        }
        func group(_ index: Int) -> String? {
            guard index < match.count, let range = match[index] else { return nil }
            return String(text[range])
        }
        let hour = Int(group(2) ?? "") ?? -1
        let minute = Int(group(3) ?? "") ?? -1
        let second = group(5).flatMap { Int($0) } ?? 0
        let fraction = group(6).flatMap { Double("0." + $0.dropFirst()) } ?? 0
        var timeZone = zone
        if let offset = group(7) {
            if offset.uppercased() == "Z" {
                timeZone = .gmt
            } else {
                let digits = offset.dropFirst().filter(\.isNumber)
                let hours = Int(digits.prefix(2)) ?? 99
                let minutes = digits.count > 2 ? Int(digits.suffix(2)) ?? 99 : 0
                let sign = offset.hasPrefix("-") ? -1 : 1
                guard hours <= 14, minutes < 60, let fixed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else {
                    throw invalid
                }
                timeZone = fixed
            }
        }
        guard let time = WallClockTime(date: date, hour: hour, minute: minute, second: second, zone: timeZone) else {
            throw invalid
        }
        return time.instant.addingTimeInterval(fraction)
    }
}
