import VanortProtocol

/// One command of the admin protocol: the words that name it and what it does.
public struct Command: Sendable {
    /// The words that select it, lower-case: `["ping"]`, `["city", "add"]`.
    public let words: [String]
    /// The option keys it accepts; anything else is a `400`.
    public let options: Set<String>
    /// How many positional arguments follow the command words.
    public let arguments: ClosedRange<Int>
    /// One line for `HELP`.
    public let summary: String
    public let handler: @Sendable (Request) async throws -> Reply

    public init(
        _ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, summary: String,
        handler: @escaping @Sendable (Request) async throws -> Reply
    ) {
        self.words = words
        self.options = options
        self.arguments = arguments
        self.summary = summary
        self.handler = handler
    }

    /// The command's words as typed: `city add`.
    public var name: String { words.joined(separator: " ") }
}
