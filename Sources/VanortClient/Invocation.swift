import Foundation
import VanortProtocol

/// One vanortctl run against the daemon: connect, send, print, and say which exit code.
///
/// Exit codes are the contract's: 0 success, 1 the server refused or failed the command
/// (its message on stderr), 2 could not connect or understand the server.
public struct Invocation: Sendable {
    public var endpoint: Endpoint
    public var format: OutputFormat
    /// The viewer's time zone (`--timezone`, `TZ`): sent as `zone=` so the daemon shows
    /// instants in it; nil shows them in the home municipality's.
    public var zone: String?
    /// The viewer's language (`--lang`, `LANG`): sent as `lang=` for the reply's human text.
    public var language: String?
    /// The columns a terminal table shows (nil: all), and the terminal's width (nil: no limit).
    public var columns: [String]?
    public var width: Int?
    /// A terminal table's rows are sorted by this column (ISO dates sort as text), if it has it.
    public var sortColumn: String?

    public init(
        endpoint: Endpoint, format: OutputFormat, zone: String? = nil, language: String? = nil, columns: [String]? = nil, width: Int? = nil
    ) {
        self.language = language
        self.endpoint = endpoint
        self.format = format
        self.zone = zone
        self.columns = columns
        self.width = width
    }

    /// `table` with only `columns` (those it has, in their order), for a terminal table.
    static func choosing(_ columns: [String]?, from table: Table, sortedBy sortColumn: String? = nil) -> Table {
        var table = table
        if let sortColumn, let index = table.columns.firstIndex(of: sortColumn) {
            // Stable: records of one day keep their id order.
            table.rows = table.rows.enumerated().sorted { a, b in
                let (x, y) = (a.element[index].text ?? "~", b.element[index].text ?? "~")
                return x == y ? a.offset < b.offset : x < y
            }.map(\.element)
        }
        guard let columns else { return table }
        let picked = columns.compactMap { table.columns.firstIndex(of: $0) }
        guard !picked.isEmpty else { return table }
        return Table(columns: picked.map { table.columns[$0] }, rows: table.rows.map { row in picked.map { row[$0] } })
    }

    /// `request` with the viewer's zone and language, unless it names its own.
    func zoned(_ request: Request) -> Request {
        var zoned = request
        if let zone, request.option("zone") == nil { zoned.options.append(("zone", zone)) }
        if let language, request.option("lang") == nil { zoned.options.append(("lang", language)) }
        return zoned
    }

    public init(socketPath: String, format: OutputFormat) {
        self.init(endpoint: .unix(path: socketPath), format: format)
    }

    /// What to print and the exit code.
    public struct Outcome: Sendable, Equatable {
        public var stdout = ""
        public var stderr = ""
        public var exitCode: Int32 = 0

        public init() {}

        /// The server's refusal is exit code 1; not reaching or understanding it is 2.
        mutating func fail(_ error: any Error) {
            stderr = "vanortctl: \(error)\n"
            exitCode = error is ReplyError ? 1 : 2
        }
    }

    /// Sends `request` and renders its reply; `single` for commands that show one record.
    public func run(_ request: Request, single: Bool = false) async -> Outcome {
        await exchange(request) { [columns, width, sortColumn] reply in
            guard let table = reply.table else { return reply.message + "\n" }
            guard format == .table else { return OutputRenderer.render(table, as: format, single: single) }
            var shown = Self.choosing(columns, from: table, sortedBy: sortColumn)
            // A terminal's headings in Swedish when the viewer reads Swedish; pipes keep the keys.
            if language == "sv" { shown.columns = shown.columns.map(FieldLabels.swedishHeading) }
            return OutputRenderer.render(shown, as: format, single: single, width: width)
        }
    }

    /// A `422`'s message with the options the user typed that it names, as typed:
    /// `city: 'Atlantis' no such city (--city)`.
    static func namingOptions(_ message: String, sent: [String]) -> String {
        let named = message.components(separatedBy: "; ").compactMap { part in
            sent.first { part.hasPrefix("\($0):") || part.hasPrefix("\($0) '") }
        }
        guard !named.isEmpty else { return message }
        return message + " (" + named.map { "--\($0)" }.joined(separator: ", ") + ")"
    }

    /// Sends `request` and lets `render` turn a successful reply into output.
    public func exchange(_ request: Request, render: @Sendable (Reply) -> String) async -> Outcome {
        var outcome = Outcome()
        do {
            let request = zoned(request)
            let reply = try await AdminSession.with(endpoint: endpoint) { session in
                try await session.send(request)
            }
            if reply.status.isError {
                var told = reply
                if reply.status == .invalid { told.message = Self.namingOptions(reply.message, sent: request.options.map(\.key)) }
                outcome.stderr = "vanortctl: \(ReplyError(reply: told))\n"
                outcome.exitCode = 1
            } else {
                outcome.stdout = render(reply)
            }
        } catch {
            outcome.fail(error)
        }
        return outcome
    }

    /// Sends a streaming request (`reminder watch`) and hands each event line to `onEvent`
    /// until the server closes the stream.
    public func stream(_ request: Request, onEvent: @Sendable (String) -> Void) async -> Outcome {
        var outcome = Outcome()
        do {
            let request = zoned(request)
            try await AdminSession.with(endpoint: endpoint) { session in
                let reply = try await session.send(request)
                guard reply.status == .stream else { throw ReplyError(reply: reply) }
                while let line = try await session.nextLine() { onEvent(line) }
            }
        } catch {
            outcome.fail(error)
        }
        return outcome
    }
}
