/// Why a request line is not a request (`400 SYNTAX`). `column` counts characters from 1.
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var column: Int?

    public init(_ message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String {
        column.map { "\(message) at column \($0)" } ?? message
    }
}
