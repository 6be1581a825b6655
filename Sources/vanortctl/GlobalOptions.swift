import ArgumentParser
import Foundation
import VanortClient
import VanortDomain
import VanortProtocol

/// Options every vanortctl command takes, before or after the command's words.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Admin socket path (env VANORT_SOCKET).")
    var socket: String?

    @Option(name: .long, help: "HOST:PORT of vanortd's TCP+TLS listener instead of the socket (env VANORT_HOST).")
    var host: String?

    @Option(name: .customLong("token-file"), help: "File holding the access token for --host (else env VANORT_TOKEN).")
    var tokenFile: String?

    @Option(name: .customLong("ca-file"), help: "PEM CA certificate to verify the server with (env VANORT_CA_FILE; default: the system's).")
    var caFile: String?

    @Option(name: .customLong("timezone"), help: "Show times in this IANA zone, e.g. Europe/Vilnius (env TZ; default: the home municipality's). Before the command's words.")
    var viewerZone: String?

    @Option(name: .customLong("lang"), help: "sv or en: the language of reports and their headings (env LC_ALL, LC_MESSAGES or LANG, e.g. sv_SE.UTF-8; default en). Before the command's words.")
    var lang: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "Print RFC 4180 CSV with a header.")
    var csv = false

    @Flag(name: .long, help: "Do what a destructive command does without asking (it asks on a terminal).")
    var yes = false

    @Flag(name: .long, help: "On a terminal, show every column, however wide.")
    var wide = false

    @Option(name: .long, help: "On a terminal, show these columns (comma-separated), e.g. id,from,city.")
    var columns: String?

    /// The terminal's width in characters (`COLUMNS`, else the terminal's own); nil for a pipe or with --wide.
    var terminalWidth: Int? {
        guard format == .table, !wide else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return nil }
        return Int(size.ws_col)
    }

    /// The columns a terminal table shows: `--columns`, all with `--wide`, else `brief`.
    func shownColumns(brief: [String]?) -> [String]? {
        if let columns { return columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return wide ? nil : brief
    }

    /// On a terminal, asks `question` and returns whether the answer was yes (`y`, `yes`,
    /// `j`, `ja`); elsewhere (a script, a pipe) or with `--yes`, true without asking.
    func confirm(_ question: String) -> Bool {
        guard !yes, isatty(STDIN_FILENO) == 1 else { return true }
        FileHandle.standardError.write(Data("\(question) \(Catalogue.text("ask.answer", (try? language ?? .en) ?? .en)) ".utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return ["y", "yes", "j", "ja"].contains(answer)
    }

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["VANORT_SOCKET"] ?? SocketPath.defaultPath()
    }

    /// `--json`, `--csv`, else a table on a terminal and TSV in a pipe.
    var format: OutputFormat {
        if json { return .json }
        if csv { return .csv }
        return isatty(STDOUT_FILENO) == 1 ? .table : .tsv
    }

    /// The Unix socket, or with `--host` the TLS listener and the token from the file or environment.
    var endpoint: Endpoint {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let host = host ?? environment["VANORT_HOST"] else { return .unix(path: socketPath) }
            guard let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]), (1...65_535).contains(port) else {
                throw ValidationError("--host must be HOST:PORT, not '\(host)'")
            }
            let name = host[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            let token: String
            if let tokenFile = tokenFile ?? environment["VANORT_TOKEN_FILE"] {
                guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                    throw ValidationError("cannot read the token file \(tokenFile)")
                }
                token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if let value = environment["VANORT_TOKEN"] {
                token = value.trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                throw ValidationError("--host needs a token: --token-file FILE or the environment variable VANORT_TOKEN")
            }
            return .tls(host: name, port: port, token: token, caFile: caFile ?? environment["VANORT_CA_FILE"])
        }
    }

    /// `--timezone`, else `TZ` when it names an IANA zone (not `:/etc/localtime` or POSIX rules).
    var zone: String? {
        if let viewerZone { return viewerZone }
        return ProcessInfo.processInfo.environment["TZ"].flatMap { LocalTime.zone(named: $0) == nil ? nil : $0 }
    }

    var invocation: Invocation {
        get throws { Invocation(endpoint: try endpoint, format: format, zone: zone, language: try language?.rawValue, width: terminalWidth) }
    }

    /// `--lang`, else the locale's language (`LC_ALL`, `LC_MESSAGES`, `LANG`: `sv_SE.UTF-8`
    /// is Swedish) when it is one vanort speaks; nil leaves the daemon's default (English).
    var language: Language? {
        get throws {
            if let lang {
                guard let language = Language(rawValue: lang.lowercased()) else {
                    throw ValidationError("--lang must be sv or en, not '\(lang)'")
                }
                return language
            }
            let environment = ProcessInfo.processInfo.environment
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
            return Language(rawValue: String(locale.prefix(2)).lowercased())
        }
    }

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
        if host != nil, socket != nil { throw ValidationError("--host and --socket exclude each other") }
    }
}

extension Invocation.Outcome {
    /// Prints the outcome and ends the command with its exit code.
    func finish() throws {
        if !stdout.isEmpty { FileHandle.standardOutput.write(Data(stdout.utf8)) }
        if !stderr.isEmpty { FileHandle.standardError.write(Data(stderr.utf8)) }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
