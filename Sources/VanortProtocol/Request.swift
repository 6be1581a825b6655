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
