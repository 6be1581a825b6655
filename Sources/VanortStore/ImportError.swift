/// An import that was refused as a whole, with every bad record and why.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the record came from (`line 7` of the file, or `record 3`) and what was wrong.
    public var problems: [String]

    public var description: String {
        "nothing imported; \(problems.count) bad record(s): " + problems.prefix(50).joined(separator: "; ")
            + (problems.count > 50 ? "; …" : "")
    }
}
