import Logging
import Foundation
import NIOCore
import VanortDomain
import VanortProtocol

/// How Unix sessions prove who they are: the peer's uid at connect (TCP sessions `AUTH`
/// with a token, which `SessionMachine` handles).
extension AdminServer {
    /// The principal of a Unix peer; a refusal is logged and audited.
    func admitPeer(_ channel: any Channel) async -> SessionGate.Admission {
        guard let uid = await SessionGate.peerUID(of: channel) else {
            return .refused(Reply(.denied, "the peer's credentials cannot be read"))
        }
        let admission = await gate.principal(uid: uid)
        if case .refused(let reply) = admission {
            logger.warning("session refused", metadata: ["uid": "\(uid)", "reason": "\(reply.message)"])
            await gate.audit.record(actor: "uid:\(uid)", role: nil, command: "(connect)", reply: reply)
        }
        return admission
    }
}
