import VanortProtocol

/// `vanortctl status --json`: the flat `STATUS` row nested into the shape `cli.md` promises.
public enum StatusDocument {
    public static func json(from table: Table) -> String {
        func value(_ column: String) -> Value { table.value(row: 0, column: column) ?? .null }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("version"); writer.value(value("version"))
        writer.key("uptime_seconds"); writer.value(value("uptime_seconds"))
        writer.key("database")
        writer.beginObject()
        writer.key("reachable"); writer.value(value("database_reachable"))
        writer.key("schema_version"); writer.value(value("database_schema_version"))
        writer.key("latency_ms"); writer.value(value("database_latency_ms"))
        writer.endObject()
        writer.key("reminders")
        writer.beginObject()
        writer.key("pending"); writer.value(value("reminders_pending"))
        writer.key("overdue"); writer.value(value("reminders_overdue"))
        writer.key("failed"); writer.value(value("reminders_failed"))
        writer.endObject()
        writer.key("connections"); writer.value(value("connections"))
        writer.endObject()
        return writer.output + "\n"
    }
}
