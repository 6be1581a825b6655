import VanortDomain
import VanortPostgres

extension RegisterStore {
    /// `agreement amend`: records a dated amendment of an agreement and applies what it
    /// changes (any agreement field), in one transaction. The amendment keeps the office's
    /// summary and, field by field, what the register showed before and after.
    public func amendAgreement(fields: [String: String]) async throws -> Records {
        let context = self.context
        return try await Records(pool.transaction(about: "agreement") { connection in
            let input = FieldInput(fields)
            let id = try ReferenceResolver(connection: connection).record(.agreement, try input.text("agreement"), field: "agreement")
            let signed = try input.date("on")
            let today = try ReminderPlanner(connection: connection, context: context).today()
            guard signed <= today else {
                throw ValidationError(field: "on", value: signed.description, rule: "is after today (\(today)); record an amendment once it is signed")
            }
            let summary = try input.text("summary", maxLength: 2000)
            var changes = fields
            for key in ["agreement", "on", "summary"] { changes.removeValue(forKey: key) }
            let before = try AgreementTable.readable(connection, id: id)
            if changes.isEmpty {
                try connection.query(SQL("UPDATE agreement SET version = version + 1, updated_at = now() WHERE id = $1", id))
            } else {
                let stored = FieldInput(try AgreementTable.form(connection, id: id))
                _ = try Self.save(AgreementTable.self, connection, stored.overlaid(with: changes), id: id, context: context)
            }
            let after = try AgreementTable.readable(connection, id: id)
            let changed = Agreement.changes(from: before, to: after)
            _ = try Self.save(AmendmentTable.self, connection, FieldInput([
                "agreement": String(id), "on": signed.description, "summary": summary, "changes": changed,
            ]), id: nil, context: context)
            return try Self.select(AgreementTable.self, id: id, on: connection)
        })
    }
}
