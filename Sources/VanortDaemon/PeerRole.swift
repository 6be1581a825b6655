import Foundation
import VanortDomain

/// One `peer-roles` entry: a local user (by uid or name) and the role their sessions on
/// the Unix socket get, with the association an `association` role is bound to.
public struct PeerRole: Sendable, Equatable {
    public var uid: UInt32
    public var role: Role
    /// The association's exact name, for the association role.
    public var association: String?

    /// Parses `1001=staff; alice=admin; 1002=association:Neighbors Abroad`.
    static func parseList(_ text: String) throws(ConfigurationError) -> [PeerRole] {
        var entries: [PeerRole] = []
        for part in text.split(separator: ";") {
            let entry = part.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            let invalid = { (reason: String) in ConfigurationError(key: "peer-roles", value: entry, reason: reason) }
            guard let equals = entry.firstIndex(of: "=") else {
                throw invalid("expected USER=ROLE, e.g. 1001=staff or alice=association:Neighbors Abroad")
            }
            let user = entry[..<equals].trimmingCharacters(in: .whitespaces)
            let grant = entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let uid = UInt32(user) ?? Self.uid(named: user) else { throw invalid("no local user '\(user)'") }
            let roleName = grant.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            guard let role = Role(rawValue: roleName) else { throw invalid("role must be admin, staff or association:NAME") }
            let association = grant.split(separator: ":", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
            guard (role == .association) == (association.map { !$0.isEmpty } ?? false) else {
                throw invalid("the association role names its association (association:NAME), and only it")
            }
            guard !entries.contains(where: { $0.uid == uid }) else { throw invalid("uid \(uid) is mapped twice") }
            entries.append(PeerRole(uid: uid, role: role, association: association))
        }
        return entries
    }

    /// `peer-roles` written back.
    static func format(_ entries: [PeerRole]) -> String {
        entries.map { "\($0.uid)=\($0.role.rawValue)" + ($0.association.map { ":\($0)" } ?? "") }.joined(separator: "; ")
    }

    private static func uid(named name: String) -> UInt32? {
        guard !name.isEmpty, let entry = getpwnam(name) else { return nil }
        return entry.pointee.pw_uid
    }
}
