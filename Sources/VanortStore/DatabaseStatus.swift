/// What `STATUS` reports about the database.
public struct DatabaseStatus: Sendable, Equatable {
    public var reachable: Bool
    public var schemaVersion: Int?
    /// Round trip of a trivial query, in milliseconds; nil when unreachable.
    public var latencyMilliseconds: Double?

    public init(reachable: Bool, schemaVersion: Int?, latencyMilliseconds: Double?) {
        self.reachable = reachable
        self.schemaVersion = schemaVersion
        self.latencyMilliseconds = latencyMilliseconds
    }
}
