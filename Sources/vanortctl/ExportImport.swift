import ArgumentParser
import Foundation
import VanortClient
import VanortProtocol

/// `vanortctl export NOUN`: every record as RFC 4180 CSV (UTF-8, header), ready for `import`.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print every record of a kind as CSV with a header.")
    @Argument(help: "city, agreement, association, contact, visit, exchange or participant") var noun: String
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        guard RegisterCatalog.spec(noun) != nil else { throw ValidationError("cannot export '\(noun)'") }
        let invocation = Invocation(endpoint: try globals.endpoint, format: .csv, zone: globals.zone)
        try await invocation.run(Request(words: [noun, "list"])).finish()
    }
}

/// `vanortctl import NOUN FILE`: adds every row of a CSV file, or none; bad rows are
/// reported with their line numbers.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add every row of a CSV file (as export writes it), all or nothing.",
        discussion: "Columns are the noun's fields (as in export: id, version and derived columns are ignored). Empty cells are left unset.")
    @Argument(help: "city, agreement, association, contact, visit, exchange or participant") var noun: String
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Update the records a row matches (same name, or same visit) instead of refusing the file.")
    var updateExisting = false
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        guard let spec = RegisterCatalog.spec(noun) else { throw ValidationError("cannot import '\(noun)'") }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file) as UTF-8 text")
        }
        let records = try CSVReader.records(text)
        guard let header = records.first else { throw ValidationError("\(file) is empty") }
        let fields = Set(spec.fields.map(\.key))
        let keys = header.fields.map { column -> String? in
            let key = spec.aliases[column] ?? column.replacingOccurrences(of: "_", with: "-")
            return spec.derived.contains(key) ? nil : key
        }
        if let unknown = keys.compactMap({ $0 }).first(where: { !fields.contains($0) }) {
            throw ValidationError("line 1: \(noun) has no field '\(unknown)'")
        }
        let rows = records.dropFirst()
        guard !rows.isEmpty else { throw ValidationError("\(file) has a header but no rows") }
        var lines = ["import \(noun) rows=\(rows.count)" + (updateExisting ? " update-existing=true" : "")]
        for row in rows {
            guard row.fields.count == header.fields.count else {
                throw ValidationError("line \(row.line): \(row.fields.count) fields, the header has \(header.fields.count)")
            }
            var options: [(key: String, value: String)] = [("line", String(row.line))]
            for (key, value) in zip(keys, row.fields) where !value.isEmpty {
                if let key { options.append((key, value)) }
            }
            lines.append(Request(words: [], options: options).line)
        }
        var outcome = Invocation.Outcome()
        do {
            let reply = try await AdminSession.with(endpoint: try globals.endpoint) { try await $0.send(lines: lines) }
            if reply.status.isError {
                outcome.stderr = "vanortctl: \(ReplyError(reply: reply))\n"
                outcome.exitCode = 1
            } else {
                outcome.stdout = reply.message + "\n"
            }
        } catch {
            outcome.stderr = "vanortctl: \(error)\n"
            outcome.exitCode = 2
        }
        try outcome.finish()
    }
}
