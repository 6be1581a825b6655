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

    public init(endpoint: Endpoint, format: OutputFormat, zone: String? = nil) {
        self.endpoint = endpoint
        self.format = format
        self.zone = zone
    }

    /// `request` with the viewer's zone, unless it names one.
    func zoned(_ request: Request) -> Request {
        guard let zone, request.option("zone") == nil else { return request }
        var zoned = request
        zoned.options.append(("zone", zone))
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
        await exchange(request) { reply in
            guard let table = reply.table else { return reply.message + "\n" }
            return OutputRenderer.render(table, as: format, single: single)
        }
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
                outcome.stderr = "vanortctl: \(ReplyError(reply: reply))\n"
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
