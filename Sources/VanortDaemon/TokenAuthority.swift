import Crypto
import Foundation
import VanortDomain
import VanortStore

/// Makes and checks remote access tokens. A token is `vt1.<id>.<secret>`: the id finds
/// the stored record, the secret is 256 random bits of which only the SHA-256 is kept,
/// compared in constant time.
public struct TokenAuthority: Sendable {
    let store: AccessStore

    public init(store: AccessStore) {
        self.store = store
    }

    /// Why a presented token was not accepted (for the log; the client only hears `401`).
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case malformed
        case unknown(id: Int)
        case wrongSecret(id: Int)
        case unusable(id: Int)

        public var description: String {
            switch self {
            case .malformed: "not a vanort token"
            case .unknown(let id): "no token \(id)"
            case .wrongSecret(let id): "wrong secret for token \(id)"
            case .unusable(let id): "token \(id) is revoked or expired"
            }
        }
    }

    /// Creates a token; returns its record and the token text, which is never shown again.
    func create(_ fields: [String: String], createdBy: String) async throws -> (token: String, rows: Records) {
        let secret = Self.newSecret()
        let rows = try await store.createToken(fields, secretHash: Self.hash(secret), createdBy: createdBy)
        let id = rows.first?.integer("id") ?? 0
        return ("vt1.\(id).\(secret)", rows)
    }

    /// The principal a presented token stands for.
    public func verify(_ presented: String) async throws -> Result<Principal, Rejection> {
        let parts = presented.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "vt1", let id = Int(parts[1]), id > 0, parts[2].utf8.count == 43 else {
            return .failure(.malformed)
        }
        guard let credential = try await store.credential(id) else { return .failure(.unknown(id: id)) }
        guard Self.constantTimeEqual(Self.hash(String(parts[2])), credential.secretHash) else {
            return .failure(.wrongSecret(id: id))
        }
        guard credential.usable else { return .failure(.unusable(id: id)) }
        return .success(Principal(role: credential.role, actor: "token:\(id)", associationID: credential.associationID))
    }

    /// 256 random bits as 43 characters of unpadded base64url.
    static func newSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(secret.utf8)))
    }

    /// True when both are equal, taking the same time wherever they differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
