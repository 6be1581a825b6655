import Foundation
import NIOCore
import VanortDomain
import VanortProtocol

/// How sessions prove who they are: the Unix peer's uid at connect, a token with `AUTH`
/// on the TCP listener within the handshake timeout.
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

    /// Closes a TCP session that has not authenticated within `seconds`, saying so in the
    /// format the session chose.
    func authenticationDeadline(_ channel: any Channel, seconds: Int, format: ChosenFormat) -> Task<Void, Never> {
        Task {
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            let reply = Reply(.auth, "no AUTH within \(seconds) s; closing")
            _ = try? await channel.writeAndFlush(ByteBuffer(string: ReplyEncoder.encode(reply, as: format.value))).get()
            try? await channel.close()
        }
    }

    static let authFirst = Reply(.auth, "authenticate first: AUTH <token> (only HELLO, AUTH and QUIT before it)")

    /// `AUTH <token>` on a TCP session: a wrong token is answered late, logged and audited;
    /// after `maxAuthFailures` the session closes.
    func authenticate(_ request: Request, state: inout SessionState, format: ReplyFormat) async -> (text: String, close: Bool) {
        guard case .tcp(let peer) = state.transport else {
            return (ReplyEncoder.encode(Reply(.syntax, "AUTH is for the TCP listener; this Unix session is already authenticated by its uid"), as: format), false)
        }
        guard state.principal == nil else {
            return (ReplyEncoder.encode(Reply(.syntax, "this session is already authenticated"), as: format), false)
        }
        guard request.words.count == 2, request.options.isEmpty else {
            return (ReplyEncoder.encode(Reply(.syntax, "usage: AUTH <token>"), as: format), false)
        }
        let rejection: TokenAuthority.Rejection
        do {
            switch try await gate.tokens.verify(request.words[1]) {
            case .success(let principal):
                state.principal = principal
                logger.info("token accepted", metadata: ["peer": "\(peer)", "actor": "\(principal.actor)", "role": "\(principal.role.rawValue)"])
                return (ReplyEncoder.encode(Reply(.ok, "role=\(principal.role.rawValue)"), as: format), false)
            case .failure(let reason):
                rejection = reason
            }
        } catch {
            return (ReplyEncoder.encode(router.reply(for: error, command: "AUTH"), as: format), false)
        }
        state.authFailures += 1
        logger.warning("token refused", metadata: ["peer": "\(peer)", "reason": "\(rejection)", "failures": "\(state.authFailures)"])
        // Each failure on a session waits longer: 0.25 s, 0.5 s, 1 s, then 2 s.
        try? await Task.sleep(for: .milliseconds(250 << min(state.authFailures - 1, 3)))
        let closing = state.authFailures >= Self.maxAuthFailures
        let reply = Reply(.auth, closing ? "token not accepted; too many attempts, closing" : "token not accepted")
        await gate.audit.record(actor: peer, role: nil, command: "AUTH ***", reply: reply)
        return (ReplyEncoder.encode(reply, as: format), closing)
    }
}
