import Foundation
import VanortDomain
import VanortPostgres

/// Who may connect: remote access tokens and the associations principals are bound to.
/// Tokens carry a role (and association), an expiry, a revocation. Only the
/// SHA-256 of a token's secret is stored; the daemon hashes and compares.
public struct AccessStore: Sendable {
    public let pool: PostgresPool
    let context: StoreContext

    public init(pool: PostgresPool, homeCity: String) {
        self.pool = pool
        self.context = StoreContext(homeCity: homeCity)
    }

    static let listing = RecordListing(select: """
        SELECT t.id, t.role, a.name AS association, t.note, t.created_by, t.created_at, t.expires_at, t.revoked_at,
            t.last_used_at,
            CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked' WHEN t.expires_at <= now() THEN 'expired' ELSE 'active' END AS state
        FROM access_token t LEFT JOIN association a ON a.id = t.association_id
        WHERE true
        """, key: "t.id")

    /// Stores a new token from `role`, `association` (required for the association role),
    /// `expires` (a future date or time) and `note`, with the hash of its secret.
    public func createToken(_ fields: [String: String], secretHash: [UInt8], createdBy: String) async throws -> Records {
        let context = self.context
        return try await Records(pool.transaction(about: "token") { connection in
            let input = FieldInput(fields)
            let role = try input.choice("role", Role.self)
            let association = try ReferenceResolver(connection: connection).optional(.association, input, "association")
            if role == .association, association == nil {
                throw ValidationError(field: "association", value: nil, rule: "is required for the association role")
            }
            if role != .association, association != nil {
                throw ValidationError(field: "association", value: fields["association"], rule: "only goes with the association role")
            }
            let expires = try context.instant(input, "expires", date: .endOfDay, on: connection)
            if let expires, try connection.query(SQL("SELECT $1::timestamptz <= now() AS past", expires)).first?.decode(Bool.self, "past") == true {
                throw ValidationError(field: "expires", value: fields["expires"], key: "rule.past")
            }
            let note = try input.optionalText("note", maxLength: 500)
            let id = try returnedID(connection.query(SQL(
                """
                INSERT INTO access_token (role, association_id, secret_hash, note, created_by, expires_at)
                VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6) RETURNING id
                """, role.rawValue, association, Self.hex(secretHash), note, createdBy, expires)))
            return try Self.listing.one(id, on: connection)
        })
    }

    /// Every token, newest first (never the secrets, which are not stored).
    public func tokens() async throws -> Records {
        try await Records(pool.withConnection { try Self.listing.all(on: $0) })
    }

    /// Revokes a token for good; sessions that used it are not affected until they reconnect.
    public func revokeToken(_ id: Int) async throws -> Records {
        try await Records(pool.transaction(about: "token") { connection in
            try Self.listing.changing(SQL("UPDATE access_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1", id), id: id, noun: "token", on: connection)
        })
    }

    /// What the daemon needs to check a presented token.
    public struct Credential: Sendable {
        public var id: Int
        public var role: Role
        public var associationID: Int?
        public var secretHash: [UInt8]
        /// Revoked or past its expiry.
        public var usable: Bool
    }

    /// The stored credential of token `id`, if there is one; marks it used.
    public func credential(_ id: Int) async throws -> Credential? {
        try await pool.withConnection { connection in
            guard let row = try connection.query(SQL(
                """
                SELECT role, association_id, encode(secret_hash, 'hex') AS hash,
                    revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AS usable
                FROM access_token WHERE id = $1
                """, id)).first,
                let role = Role(rawValue: try row.decode(String.self, "role"))
            else { return nil }
            let credential = Credential(
                id: id, role: role, associationID: try row.decodeIfPresent(Int.self, "association_id"),
                secretHash: Self.bytes(hex: try row.decode(String.self, "hash")), usable: try row.decode(Bool.self, "usable"))
            if credential.usable {
                try connection.query(SQL("UPDATE access_token SET last_used_at = now() WHERE id = $1", id))
            }
            return credential
        }
    }

    /// The id of the association with exactly this name (peer-role bindings name associations).
    public func associationID(named name: String) async throws -> Int? {
        try await pool.withConnection { connection in
            try connection.query(SQL("SELECT id FROM association WHERE name = $1", name)).first?.decode(Int.self, "id")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
            let byte = UInt8(hex[index..<next], radix: 16) {
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
