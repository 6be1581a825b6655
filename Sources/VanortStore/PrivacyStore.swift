import VanortDomain
import VanortPostgres

/// One person's data under GDPR: everything stored about them (Art. 15), erasure (Art. 17),
/// and the retention policy's purge. The erasing itself is the database function
/// `vanort_erase_person` (migration 0007), which alone may rewrite the audit log.
public struct PrivacyStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Whose data: a participant or a contact person, by id.
    public enum Person: Sendable, Equatable, CustomStringConvertible {
        case participant(Int)
        case contact(Int)

        var kind: String {
            switch self {
            case .participant: "participant"
            case .contact: "contact"
            }
        }

        var id: Int {
            switch self {
            case .participant(let id), .contact(let id): id
            }
        }

        public var description: String { "\(kind) \(id)" }
    }

    /// Everything stored about `person` as one JSON document: the record, what it is
    /// linked to, reminders and deliveries addressed to it, audit entries naming it.
    public func export(_ person: Person) async throws -> String {
        try await pool.withConnection { connection in
            let sql: SQL = switch person {
            case .participant(let id): SQL(
                """
                SELECT jsonb_pretty(jsonb_build_object(
                    'participant', to_jsonb(p) || jsonb_build_object('minor', p.birth_date + interval '18 years' > e.from_date),
                    'exchange', jsonb_build_object('id', e.id, 'title', e.title, 'kind', e.kind, 'from', e.from_date,
                        'to', e.to_date, 'city', c.name, 'association', a.name),
                    'audit_log', coalesce((SELECT jsonb_agg(jsonb_build_object('at', l.at, 'actor', l.actor, 'command', l.command) ORDER BY l.id)
                        FROM audit_log l WHERE strpos(l.command, p.name) > 0), '[]'),
                    'exported_at', now())) AS document
                FROM participant p JOIN exchange e ON e.id = p.exchange_id JOIN city c ON c.id = e.city_id
                    LEFT JOIN association a ON a.id = e.association_id
                WHERE p.id = $1
                """, id)
            case .contact(let id): SQL(
                """
                SELECT jsonb_pretty(jsonb_build_object(
                    'contact', to_jsonb(k) || jsonb_build_object('association', a.name, 'city', c.name),
                    'responsible_for_visits', coalesce((SELECT jsonb_agg(jsonb_build_object('id', v.id, 'from', v.from_date, 'to', v.to_date)
                        ORDER BY v.id) FROM visit v WHERE v.contact_id = k.id), '[]'),
                    'responsible_for_exchanges', coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, 'title', x.title, 'from', x.from_date)
                        ORDER BY x.id) FROM exchange x WHERE x.contact_id = k.id), '[]'),
                    'owns_activities', coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'title', t.title) ORDER BY t.id)
                        FROM activity t WHERE t.owner_id = k.id), '[]'),
                    'reminder_rules', coalesce((SELECT jsonb_agg(r.name ORDER BY r.id) FROM reminder_rule r WHERE r.contact_id = k.id), '[]'),
                    'reminders', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'due_at', m.due_at, 'note', m.note) ORDER BY m.id)
                        FROM reminder m WHERE m.contact_id = k.id), '[]'),
                    'deliveries', coalesce((SELECT jsonb_agg(jsonb_build_object('reminder', d.reminder_id, 'channel', d.channel,
                        'recipient', d.recipient, 'at', d.attempted_at, 'result', d.result) ORDER BY d.id)
                        FROM delivery d WHERE d.contact_id = k.id OR d.recipient = k.email), '[]'),
                    'audit_log', coalesce((SELECT jsonb_agg(jsonb_build_object('at', l.at, 'actor', l.actor, 'command', l.command) ORDER BY l.id)
                        FROM audit_log l WHERE strpos(l.command, k.name) > 0 OR (k.email IS NOT NULL AND strpos(l.command, k.email) > 0)), '[]'),
                    'exported_at', now())) AS document
                FROM contact k LEFT JOIN association a ON a.id = k.association_id LEFT JOIN city c ON c.id = k.city_id
                WHERE k.id = $1
                """, id)
            }
            guard let row = try connection.query(sql).first else {
                throw StoreError.notFound(noun: person.kind, reference: String(person.id))
            }
            return try row.decode(String.self, "document")
        }
    }

    /// Removes the person everywhere, keeping an anonymous count (`erased_person`).
    public func erase(_ person: Person) async throws {
        try await pool.transaction(about: "person") { connection in
            let erased = try connection.query(SQL("SELECT vanort_erase_person($1, $2, 'request') AS erased", person.kind, person.id))
            guard try erased.first?.decode(Bool.self, "erased") == true else {
                throw StoreError.notFound(noun: person.kind, reference: String(person.id))
            }
        }
    }

    /// Applies the retention policy now: special needs cleared `specialNeedsDays` after an
    /// exchange ended, participants erased `participantDays` after.
    public func applyRetention(participantDays: Int, specialNeedsDays: Int) async throws -> (erased: Int, cleared: Int) {
        try await pool.transaction(about: "person") { connection in
            let row = try connection.query(SQL(
                "SELECT erased_participants, cleared_special_needs FROM vanort_retention($1, $2)", participantDays, specialNeedsDays)).first
            return (try row?.decode(Int.self, "erased_participants") ?? 0, try row?.decode(Int.self, "cleared_special_needs") ?? 0)
        }
    }
}
