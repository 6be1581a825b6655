import Foundation

/// A regular expression compiled once and kept, for a pattern checked on every request.
///
/// `String.range(of:options: .regularExpression)` compiles its pattern with ICU on every
/// call: in a pipelined `reminder add` that was most of the daemon's own time per request
/// (perf, docs/benchmarks.md section 6). Declare each pattern as a `static let` of this type
/// and match against it instead.
public struct TextPattern: Sendable {
    /// Compiled once and immutable after; nil for a pattern that did not compile.
    private let expression: NSRegularExpression?

    /// `pattern` is a literal of ours, so one that does not compile is a programming error
    /// that its user's tests meet at once: it matches nothing.
    public init(_ pattern: StaticString) {
        expression = try? NSRegularExpression(pattern: "\(pattern)")
    }

    /// The first match in `text`, as the ranges of the whole match (0) and its groups;
    /// nil where a group took no part.
    public func firstMatch(in text: String) -> [Range<String.Index>?]? {
        guard let match = expression?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text) }
    }

    /// Whether the pattern matches somewhere in `text` (anchor it for the whole text).
    public func matches(_ text: String) -> Bool {
        expression?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The range of the first match in `text`.
    public func range(in text: String) -> Range<String.Index>? {
        firstMatch(in: text)?.first ?? nil
    }
}
