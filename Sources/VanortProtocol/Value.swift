import Foundation

/// One cell of a reply: what a JSON reply can hold and a text reply can print.
public enum Value: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    /// An exact decimal number, kept as its text (`1250.50`) so nothing is rounded.
    case decimal(String)
    case string(String)
    case list([String])
    /// An instant; the router writes it in the viewer's zone (`LocalTime`) before a reply leaves.
    case instant(Date)

    /// The value as one line of text: what a table cell, TSV or CSV shows. nil for NULL.
    public var text: String? {
        switch self {
        case .null: nil
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .decimal(let value): value
        case .string(let value): value
        case .list(let values): values.joined(separator: ",")
        case .instant(let date): LocalTime.string(date, in: .gmt)
        }
    }

    /// The value with an instant written in `zone`; other values as they are.
    public func localised(to zone: TimeZone) -> Value {
        guard case .instant(let date) = self else { return self }
        return .string(LocalTime.string(date, in: zone))
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension Value {
    /// A value from an optional: `.null` when absent.
    public static func from(_ value: Int?) -> Value { value.map(Value.int) ?? .null }
    public static func from(_ value: String?) -> Value { value.map(Value.string) ?? .null }
}
