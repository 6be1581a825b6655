/// What a session may do, as `docs/access.md` tabulates: the international office's
/// administrators and staff, and friendship associations bound to their own records.
public enum Role: String, Sendable, CaseIterable {
    /// Everything, including tokens, the audit log and erasure.
    case admin
    /// Reads everything; writes the register and reminders.
    case staff
    /// Registers and reads only its own association's visits, exchanges, participants and contacts.
    case association

    /// Every role.
    public static let everyone: Set<Role> = Set(allCases)
    /// The international office: administrators and staff.
    public static let office: Set<Role> = [.admin, .staff]
}
