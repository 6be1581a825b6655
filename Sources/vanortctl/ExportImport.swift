import ArgumentParser
import Foundation
import VanortClient
import VanortProtocol

/// The nouns `export` and `import` take: every noun of the register.
let exportableNouns = RegisterCatalog.nouns.map(\.noun).joined(separator: ", ")

/// `vanortctl export NOUN`: every record as RFC 4180 CSV (UTF-8, header), ready for
/// `import`; `--excel` as Excel set to Swedish opens it.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every record of a kind as CSV with a header.",
        discussion: "Nouns: \(exportableNouns). With --excel: a UTF-8 byte-order mark, semicolons and decimal commas, so Excel opens it with å, ä and ö intact.")
    @Argument(help: "The kind of record: \(exportableNouns)") var noun: String
    @Flag(help: "Write CSV as Excel set to Swedish opens it (byte-order mark, semicolons, decimal commas, CRLF).")
    var excel = false
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        guard RegisterCatalog.spec(noun) != nil else { throw ValidationError("cannot export '\(noun)'; the nouns are \(exportableNouns)") }
        let invocation = Invocation(endpoint: try globals.endpoint, format: excel ? .excel : .csv, zone: globals.zone)
        try await invocation.run(Request(words: [noun, "list"])).finish()
    }
}

/// `vanortctl import NOUN FILE`: adds every row of a CSV file, or none; bad rows are
/// reported with their line numbers. Reads what export writes and what Excel saves.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add every row of a CSV file (as export writes it, or as Excel saves it), all or nothing.",
        discussion: """
            Nouns: \(exportableNouns). Columns are the noun's fields, by key or by their Swedish name (namn, land, e-post, …); \
            id, version and derived columns are ignored, empty cells are left unset. Fields may be separated by commas or semicolons; \
            the file may be UTF-8 (with or without a byte-order mark) or Windows-1252 (--encoding to say which); amounts may have a decimal comma.
            """)
    @Argument(help: "The kind of record: \(exportableNouns)") var noun: String
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Update the records a row matches (same name, or same visit) instead of refusing the file.")
    var updateExisting = false
    @Option(help: "The file's encoding: utf-8 or windows-1252 (default: UTF-8, else Windows-1252).")
    var encoding: String?
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        guard let spec = RegisterCatalog.spec(noun) else { throw ValidationError("cannot import '\(noun)'; the nouns are \(exportableNouns)") }
        let named = try encoding.map { name in
            guard let chosen = CSVReader.Encoding(named: name) else {
                throw ValidationError("--encoding must be utf-8 or windows-1252, not '\(name)'")
            }
            return chosen
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard let text = CSVReader.text(data, encoding: named) else {
            throw ValidationError("\(file) is not \(named?.rawValue ?? "UTF-8 or Windows-1252") text; try --encoding")
        }
        let records = try CSVReader.records(text)
        guard let header = records.first else { throw ValidationError("\(file) is empty") }
        let fields = Set(spec.fields.map(\.key))
        let keys = header.fields.map { column -> String? in
            let trimmed = column.trimmingCharacters(in: .whitespaces)
            let key = FieldLabels.key(forSwedish: trimmed, among: fields)
                ?? trimmed.replacingOccurrences(of: "_", with: "-")
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
