/// Who is talking to the daemon: the role a session runs with and the actor the audit
/// log names (`uid:1001`, `token:7`).
public struct Principal: Sendable, Equatable {
    public var role: Role
    /// How the audit log names the actor.
    public var actor: String
    /// The association an `association` principal is bound to; nil for other roles.
    public var associationID: Int?

    public init(role: Role, actor: String, associationID: Int? = nil) {
        self.role = role
        self.actor = actor
        self.associationID = associationID
    }
}
