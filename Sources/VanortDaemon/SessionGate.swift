import Foundation
import Logging
import NIOCore
import Synchronization
import VanortDomain
import VanortProtocol
import VanortStore

/// Decides who a session is: on the Unix socket the peer's uid (SO_PEERCRED) through
/// `peer-roles`, on the TCP listener the token presented with `AUTH`. The roles map is
/// the one piece of mutable state here; SIGHUP replaces it under its lock.
public final class SessionGate: Sendable {
    private let peerRoles: Mutex<[PeerRole]>
    private let daemonUID: UInt32
    let tokens: TokenAuthority
    let access: AccessStore
    let audit: AuditTrail

    public init(peerRoles: [PeerRole], tokens: TokenAuthority, access: AccessStore, audit: AuditTrail) {
        self.peerRoles = Mutex(peerRoles)
        self.daemonUID = getuid()
        self.tokens = tokens
        self.access = access
        self.audit = audit
    }

    /// New `peer-roles` for sessions opened from now on.
    public func update(peerRoles: [PeerRole]) {
        self.peerRoles.withLock { $0 = peerRoles }
    }

    /// The uid of the process at the other end of a Unix socket.
    static func peerUID(of channel: any Channel) async -> UInt32? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let credentials: PeerCredentials? = try? await provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)
        ).get()
        return credentials?.uid
    }

    /// Linux's `struct ucred`, which Glibc's Swift module does not export: the layout
    /// SO_PEERCRED fills (pid_t, uid_t, gid_t).
    struct PeerCredentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// A session let in with its principal, or turned away with a reply.
    enum Admission {
        case admitted(Principal)
        case refused(Reply)
    }

    /// The principal of a Unix peer, or the reply that turns it away.
    func principal(uid: UInt32) async -> Admission {
        let actor = "uid:\(uid)"
        if uid == 0 || uid == daemonUID { return .admitted(Principal(role: .admin, actor: actor)) }
        guard let entry = peerRoles.withLock({ $0.first { $0.uid == uid } }) else {
            return .refused(Reply(.denied, "uid \(uid) has no role in vanortd's peer-roles; ask an administrator"))
        }
        guard let name = entry.association else { return .admitted(Principal(role: entry.role, actor: actor)) }
        do {
            guard let id = try await access.associationID(named: name) else {
                return .refused(Reply(.denied, "uid \(uid) is bound to association '\(name)', which is not in the register"))
            }
            return .admitted(Principal(role: .association, actor: actor, associationID: id))
        } catch {
            return .refused(Reply(.databaseDown, "the database is unreachable; cannot check uid \(uid)'s association"))
        }
    }
}
