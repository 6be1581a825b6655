import Foundation
import VanortDomain
import VanortPostgres

/// The web face's people and secrets: accounts, the invitations that let a person set a
/// password, browser sessions, and calendar feeds. Every secret is kept only as its
/// SHA-256 (the caller hashes and compares); a secret is presented as `<id>.<secret>`, so
/// its record is found by id.
public struct WebAccessStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// How long an invitation can be followed.
    public static let invitationDays = 7

    /// An invitation made: the account it is for and the invitation's id.
    public struct Invitation: Sendable {
        public var accountID: Int
        public var invitationID: Int
        public var email: String
        public var role: Role
        /// The association's name, for an association member.
        public var association: String?
    }

    /// Invites `email` as `role` (`association` for a member of one): a new account, or a
    /// fresh invitation for an account that has not set its password yet. An active
    /// account is a conflict (it signs in already); a disabled one stays disabled.
    public func invite(_ fields: [String: String], secretHash: [UInt8], createdBy: String) async throws -> Invitation {
        try await pool.transaction(about: "account") { connection in
            let input = FieldInput(fields)
            guard let email = try input.optionalEmail("email") else { throw ValidationError(field: "email", value: nil, key: "rule.required") }
            let association = try ReferenceResolver(connection: connection).optional(.association, input, "association")
            let role = try input.choice("role", Role.self, default: association == nil ? nil : .association)
            if role == .association, association == nil {
                throw ValidationError(field: "association", value: nil, rule: "is required for a member of an association")
            }
            if role != .association, association != nil {
                throw ValidationError(field: "association", value: fields["association"], rule: "only goes with the association role")
            }
            let existing = try connection.query(SQL(
                "SELECT id, password_hash IS NOT NULL AS active, disabled_at IS NOT NULL AS disabled FROM account WHERE lower(email) = lower($1) FOR UPDATE",
                email)).first
            let accountID: Int
            if let existing {
                accountID = try existing.decode(Int.self, "id")
                if try existing.decode(Bool.self, "disabled") {
                    throw StoreError.wrongState(noun: "account", id: accountID, state: "disabled", action: "invited again")
                }
                if try existing.decode(Bool.self, "active") {
                    throw StoreError.duplicate(noun: "account", existing: "account \(accountID) (\(email)), which signs in already", bypass: nil)
                }
                try connection.query(SQL(
                    "UPDATE account SET role = $2, association_id = $3 WHERE id = $1", accountID, role.rawValue, association))
                try connection.query(SQL("UPDATE account_invitation SET expires_at = least(expires_at, now()) WHERE account_id = $1 AND used_at IS NULL", accountID))
            } else {
                accountID = try returnedID(connection.query(SQL(
                    "INSERT INTO account (email, role, association_id, created_by) VALUES ($1, $2, $3, $4) RETURNING id",
                    email, role.rawValue, association, createdBy)))
            }
            let invitationID = try returnedID(connection.query(SQL(
                """
                INSERT INTO account_invitation (account_id, secret_hash, expires_at)
                VALUES ($1, decode($2, 'hex'), now() + make_interval(days => $3)) RETURNING id
                """, accountID, AccessStore.hex(secretHash), Self.invitationDays)))
            let name = try association.flatMap { id in
                try connection.query(SQL("SELECT name FROM association WHERE id = $1", id)).first?.decode(String.self, "name")
            }
            return Invitation(accountID: accountID, invitationID: invitationID, email: email, role: role, association: name)
        }
    }

    /// A stored secret: whose it is, its hash, and whether it can still be used.
    public struct Secret: Sendable {
        public var ownerID: Int
        public var secretHash: [UInt8]
        public var usable: Bool
    }

    /// Invitation `id`: its account, the account's address, and whether it is neither used
    /// nor expired.
    public func invitation(_ id: Int) async throws -> (secret: Secret, email: String)? {
        try await pool.withConnection { connection in
            guard let row = try connection.query(SQL(
                """
                SELECT i.account_id AS owner, encode(i.secret_hash, 'hex') AS hash, a.email,
                    i.used_at IS NULL AND i.expires_at > now() AND a.disabled_at IS NULL AS usable
                FROM account_invitation i JOIN account a ON a.id = i.account_id WHERE i.id = $1
                """, id)).first
            else { return nil }
            return (try Self.secret(row), try row.decode(String.self, "email"))
        }
    }

    /// Follows invitation `id`: sets its account's password (bcrypt, hashed by the caller)
    /// and uses the invitation up; false when it was used or expired meanwhile.
    public func accept(invitation id: Int, passwordHash: String) async throws -> Bool {
        try await pool.transaction(about: "account") { connection in
            guard let account = try connection.query(SQL(
                """
                UPDATE account_invitation SET used_at = now()
                WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING account_id
                """, id)).first?.decode(Int.self, "account_id")
            else { return false }
            try connection.query(SQL("UPDATE account SET password_hash = $2 WHERE id = $1 AND disabled_at IS NULL", account, passwordHash))
            return true
        }
    }

    /// What signing in needs to know of an account.
    public struct Credential: Sendable {
        public var accountID: Int
        public var email: String
        public var passwordHash: String?
        public var role: Role
        public var associationID: Int?
        public var disabled: Bool
    }

    /// The account of `email` (ignoring case), if there is one.
    public func credential(email: String) async throws -> Credential? {
        try await pool.withConnection { connection in
            guard let row = try connection.query(SQL(
                """
                SELECT id, email, password_hash, role, association_id, disabled_at IS NOT NULL AS disabled
                FROM account WHERE lower(email) = lower($1)
                """, email.trimmingCharacters(in: .whitespaces))).first
            else { return nil }
            return try Self.credential(row)
        }
    }

    /// Starts a session of `accountID` that lasts `hours`; returns its id.
    public func startSession(accountID: Int, secretHash: [UInt8], formToken: String, hours: Int) async throws -> Int {
        try await pool.transaction(about: "account") { connection in
            try connection.query(SQL("UPDATE account SET last_sign_in_at = now() WHERE id = $1", accountID))
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO web_session (account_id, secret_hash, form_token, expires_at)
                VALUES ($1, decode($2, 'hex'), $3, now() + make_interval(hours => $4)) RETURNING id
                """, accountID, AccessStore.hex(secretHash), formToken, hours)))
        }
    }

    /// A session as a request finds it: the account behind it and the form token.
    public struct Session: Sendable {
        public var id: Int
        public var secretHash: [UInt8]
        /// Not revoked, not expired, its account not disabled.
        public var usable: Bool
        public var formToken: String
        public var account: Credential
    }

    public func session(_ id: Int) async throws -> Session? {
        try await pool.withConnection { connection in
            guard let row = try connection.query(SQL(
                """
                SELECT s.id AS session, encode(s.secret_hash, 'hex') AS hash, s.form_token,
                    s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL AS usable,
                    a.id, a.email, a.password_hash, a.role, a.association_id, a.disabled_at IS NOT NULL AS disabled
                FROM web_session s JOIN account a ON a.id = s.account_id WHERE s.id = $1
                """, id)).first
            else { return nil }
            return Session(
                id: id, secretHash: AccessStore.bytes(hex: try row.decode(String.self, "hash")), usable: try row.decode(Bool.self, "usable"),
                formToken: try row.decode(String.self, "form_token"), account: try Self.credential(row))
        }
    }

    /// Ends session `id` (signing out).
    public func endSession(_ id: Int) async throws {
        try await pool.withConnection { connection in
            try connection.query(SQL("UPDATE web_session SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1", id))
        }
    }

    static let accountListing = RecordListing(select: """
        SELECT a.id, a.email, a.role, s.name AS association,
            CASE WHEN a.disabled_at IS NOT NULL THEN 'disabled' WHEN a.password_hash IS NULL THEN 'invited' ELSE 'active' END AS state,
            a.created_by, a.created_at, a.last_sign_in_at
        FROM account a LEFT JOIN association s ON s.id = a.association_id WHERE true
        """, key: "a.id")

    /// Every account, newest first (never a password or a secret).
    public func accounts() async throws -> Records {
        try await Records(pool.withConnection { try Self.accountListing.all(on: $0) })
    }

    /// Disables account `id` for good: it cannot sign in, its sessions end, its invitations lapse.
    public func disable(_ id: Int) async throws -> Records {
        try await Records(pool.transaction(about: "account") { connection in
            let account = try Self.accountListing.changing(
                SQL("UPDATE account SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1", id), id: id, noun: "account", on: connection)
            try connection.query(SQL("UPDATE web_session SET revoked_at = coalesce(revoked_at, now()) WHERE account_id = $1", id))
            try connection.query(SQL("UPDATE account_invitation SET expires_at = least(expires_at, now()) WHERE account_id = $1 AND used_at IS NULL", id))
            return account
        })
    }

    // MARK: - Calendar feeds

    static let feedListing = RecordListing(select: """
        SELECT f.id, c.name AS contact, s.name AS association, c.staff,
            CASE WHEN f.revoked_at IS NOT NULL THEN 'revoked' ELSE 'active' END AS state,
            f.created_by, f.created_at, f.last_read_at
        FROM calendar_feed f JOIN contact c ON c.id = f.contact_id LEFT JOIN association s ON s.id = c.association_id WHERE true
        """, key: "f.id")

    /// A feed for `contact` (id or name); returns its record.
    public func subscribe(_ fields: [String: String], secretHash: [UInt8], createdBy: String) async throws -> Records {
        try await Records(pool.transaction(about: "feed") { connection in
            let contact = try ReferenceResolver(connection: connection).required(.contact, FieldInput(fields), "contact")
            // A feed shows the office's calendar to its staff and an association's to its contacts; nobody else's.
            let whose = try connection.query(SQL("SELECT staff OR association_id IS NOT NULL AS allowed FROM contact WHERE id = $1", contact)).first
            guard try whose?.decode(Bool.self, "allowed") == true else {
                throw ValidationError(field: "contact", value: fields["contact"], rule: "is neither staff nor an association's contact, so has no calendar here")
            }
            let id = try returnedID(connection.query(SQL(
                "INSERT INTO calendar_feed (contact_id, secret_hash, created_by) VALUES ($1, decode($2, 'hex'), $3) RETURNING id",
                contact, AccessStore.hex(secretHash), createdBy)))
            return try Self.feedListing.one(id, on: connection)
        })
    }

    public func feeds() async throws -> Records {
        try await Records(pool.withConnection { try Self.feedListing.all(on: $0) })
    }

    /// Revokes feed `id` for good: its address answers 404 from now on.
    public func unsubscribe(_ id: Int) async throws -> Records {
        try await Records(pool.transaction(about: "feed") { connection in
            try Self.feedListing.changing(
                SQL("UPDATE calendar_feed SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1", id), id: id, noun: "feed", on: connection)
        })
    }

    /// A feed as its reader finds it: its secret, and whose view it shows (the contact's
    /// association's, or the office's for staff and partners' contacts).
    public struct Feed: Sendable {
        public var secret: Secret
        public var associationID: Int?
        public var staff: Bool
    }

    /// Feed `id`, marked read when it is usable.
    public func feed(_ id: Int) async throws -> Feed? {
        try await pool.withConnection { connection in
            guard let row = try connection.query(SQL(
                """
                SELECT f.contact_id AS owner, encode(f.secret_hash, 'hex') AS hash, f.revoked_at IS NULL AS usable, c.association_id, c.staff
                FROM calendar_feed f JOIN contact c ON c.id = f.contact_id WHERE f.id = $1
                """, id)).first
            else { return nil }
            let secret = try Self.secret(row)
            if secret.usable { try connection.query(SQL("UPDATE calendar_feed SET last_read_at = now() WHERE id = $1", id)) }
            return Feed(secret: secret, associationID: try row.decodeIfPresent(Int.self, "association_id"), staff: try row.decode(Bool.self, "staff"))
        }
    }

    // MARK: -

    private static func secret(_ row: PostgresRow) throws -> Secret {
        Secret(
            ownerID: try row.decode(Int.self, "owner"), secretHash: AccessStore.bytes(hex: try row.decode(String.self, "hash")),
            usable: try row.decode(Bool.self, "usable"))
    }

    private static func credential(_ row: PostgresRow) throws -> Credential {
        Credential(
            accountID: try row.decode(Int.self, "id"), email: try row.decode(String.self, "email"),
            passwordHash: try row.decodeIfPresent(String.self, "password_hash"),
            role: Role(rawValue: try row.decode(String.self, "role")) ?? .association,
            associationID: try row.decodeIfPresent(Int.self, "association_id"), disabled: try row.decode(Bool.self, "disabled"))
    }
}
