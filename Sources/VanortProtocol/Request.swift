/// One parsed request line: positional words, then `key=value` options in the order typed.
///
/// `visit add city="Palo Alto" from=2027-05-03` has words `["visit", "add"]` and
/// options `city` and `from`. Quoted positional words (`"a b"`) are words too.
public struct Request: Sendable, Equatable {
    public var words: [String]
    public var options: [(key: String, value: String)]
    /// The record lines that follow a multi-line request (`import NOUN rows=N`), each as options.
    public var body: [[(key: String, value: String)]] = []

    public init(words: [String], options: [(key: String, value: String)] = []) {
        self.words = words
        self.options = options
    }

    /// The value of an option, or nil when it was not given.
    public func option(_ key: String) -> String? {
        options.first { $0.key == key }?.value
    }

    /// The longest line `lines()` writes: well under the protocol's 8 KiB, whatever the text.
    public static let continuationLineBytes = 4096

    /// The request as lines that fit the server's line limit: one line when it fits, else
    /// a first line with `continued=N` and N lines each carrying a piece of a long value
    /// (`notes="…"`), which the server joins back into one request (`docs/protocol.md`).
    /// Pieces end on character boundaries, so nothing is split inside a letter.
    public func lines(maxBytes: Int = Request.continuationLineBytes) -> [String] {
        let whole = line
        guard whole.utf8.count > maxBytes else { return [whole] }
        var head = self
        var pieces: [(key: String, value: String)] = []
        head.options = options.map { option in
            guard RequestWriter.quoteIfNeeded(option.value).utf8.count > maxBytes / 4 else { return option }
            var rest = Substring(option.value)
            var first: String?
            while !rest.isEmpty {
                // 500 characters quote to at most 500 × 8 bytes (a control character's escape).
                let piece = String(rest.prefix(500))
                rest = rest.dropFirst(piece.count)
                if first == nil { first = piece } else { pieces.append((option.key, piece)) }
            }
            return (option.key, first ?? "")
        }
        guard !pieces.isEmpty else { return [whole] }
        head.options.append(("continued", String(pieces.count)))
        return [head.line] + pieces.map { Request(words: [], options: [$0]).line }
    }

    /// The request written back as one line that parses to the same request.
    public var line: String {
        (words.map(RequestWriter.quoteIfNeeded) + options.map { "\($0.key)=\(RequestWriter.quoteIfNeeded($0.value))" })
            .joined(separator: " ")
    }

    public static func == (lhs: Request, rhs: Request) -> Bool {
        func same(_ a: [(key: String, value: String)], _ b: [(key: String, value: String)]) -> Bool {
            a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
        }
        return lhs.words == rhs.words && same(lhs.options, rhs.options) && lhs.body.elementsEqual(rhs.body, by: same)
    }
}
