import VanortDomain
import VanortPostgres

/// Network membership as it happens: a city joins on a day and leaves on a day, and the
/// network keeps both (`network member add|remove`).
extension RegisterStore {
    /// `add` a member (`joined`: its day) or `remove` one (`left`: its day, default today),
    /// then the network as `show` has it.
    public func changeMember(_ change: MemberChange, fields: [String: String]) async throws -> Records {
        let context = self.context
        return try await Records(pool.transaction(about: "network") { connection in
            let input = FieldInput(fields)
            let resolver = ReferenceResolver(connection: connection)
            let networkID = try resolver.required(.network, input, "network")
            let cityID = try resolver.required(.city, input, "city")
            let names = try connection.query(SQL(
                "SELECT (SELECT name FROM network WHERE id = $1) AS network, (SELECT name FROM city WHERE id = $2) AS city",
                networkID, cityID)).first
            let named = (network: try names?.decodeIfPresent(String.self, "network") ?? "network \(networkID)",
                         city: try names?.decodeIfPresent(String.self, "city") ?? "city \(cityID)")
            switch change {
            case .add:
                try NetworkTable.addMember(connection, networkID: networkID, cityID: cityID, joined: try input.optionalDate("joined"), names: named)
            case .remove:
                let left = try input.optionalDate("left") ?? ReminderPlanner(connection: connection, context: context).today()
                try NetworkTable.removeMember(connection, networkID: networkID, cityID: cityID, left: left, names: named)
            }
            try connection.query(SQL("UPDATE network SET version = version + 1, updated_at = now() WHERE id = $1", networkID))
            return try Self.select(NetworkTable.self, id: networkID, on: connection)
        })
    }

    /// What `changeMember` does.
    public enum MemberChange: String, Sendable {
        case add, remove
    }
}
