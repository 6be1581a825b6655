import Foundation
import Logging
import VanortDomain
import VanortProtocol
import VanortReminders

/// Every setting of vanortd. Each has a flag (`--max-clients`), an environment variable
/// (`VANORT_MAX_CLIENTS`) and a configuration file key (`max-clients`); flags beat the
/// environment, which beats the file, which beats the defaults.
public struct Configuration: Sendable, Equatable {
    public var databaseURL = "postgresql:///vanort"
    /// The schema owner's connection, for migrations; nil: migrations use `databaseURL`.
    public var migrationDatabaseURL: String?
    public var socketPath = SocketPath.defaultPath()
    public var logLevel = Logger.Level.info
    /// Longest request line in bytes, LF excluded.
    public var maxLineBytes = 8192
    public var idleTimeoutSeconds = 300
    public var handshakeTimeoutSeconds = 10
    public var maxClients = 256
    /// Database connections; nil: sized by `PoolSizing` from the cores and the server's
    /// `max_connections`.
    public var poolSize: Int?
    /// Seconds a new database connection may take before the database counts as unreachable.
    public var databaseConnectTimeoutSeconds = 5
    /// The home municipality's name (a city in the register).
    public var homeCity = "Linköping"
    /// Run once per delivered reminder with its JSON on stdin.
    public var notifyCommand: String?
    /// A sendmail-compatible command that reads an RFC 5322 message on stdin.
    public var sendmailCommand: String?
    public var mailFrom = "vanort@localhost"
    /// Seconds a delivery command may run before it is killed and counted as failed.
    public var commandTimeoutSeconds = 30
    /// Seconds a claim on due reminders lasts; a dead daemon's claims are taken over after it.
    public var reminderLeaseSeconds = 60
    /// Delivery attempts before a reminder is `failed`.
    public var reminderMaxAttempts = 5
    /// Seconds before the first retry; doubling up to an hour.
    public var reminderRetrySeconds = 60
    /// Roles of local users on the Unix socket (the daemon's own uid and root are admin).
    public var peerRoles: [PeerRole] = []
    /// The TCP+TLS listener's address; nil: no remote access.
    public var listenAddress: ListenAddress?
    /// `request`: erasure on request (Art. 17); `municipal`: personal data is disposed of by
    /// the retention policy (gallring) and `person erase` is refused.
    public var privacyMode = PrivacyMode.request
    /// Days after an exchange ends before its participants' personal data is purged.
    public var retentionDays = 365
    /// Days after an exchange ends before participants' special needs are cleared.
    public var specialNeedsRetentionDays = 30

    /// How personal data leaves the register.
    public enum PrivacyMode: String, Sendable, CaseIterable {
        case request, municipal
    }

    /// PEM certificate chain and private key of the TCP listener.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?

    /// Where the TCP listener binds.
    public struct ListenAddress: Sendable, Equatable {
        public var host: String
        public var port: Int

        /// `HOST:PORT`, as the setting takes it.
        public var text: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// The web face's listener; nil: none.
    public var httpListenAddress: ListenAddress?
    /// Where people reach the web face (`https://vanort.linkoping.se`); nil: `http://` and
    /// `http-listen`.
    public var publicURL: String?

    /// The web face's address for links, without a trailing slash.
    public var webAddress: String? {
        publicURL ?? httpListenAddress.map { "http://\($0.text)" }
    }

    public init() {}

    /// One setting, declared once: its key (the file's key; `--key` the flag, `VANORT_KEY`
    /// the environment variable), its help, how a textual value applies, how the value is
    /// shown (`check-config`) and whether a change needs a restart (SIGHUP cannot apply it).
    struct Setting: Sendable {
        let key: String
        let help: String
        let show: @Sendable (Configuration) -> String
        let needsRestart: Bool
        let apply: @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void

        init(
            key: String, help: String, show: @escaping @Sendable (Configuration) -> String, restart: Bool = false,
            apply: @escaping @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void
        ) {
            self.key = key
            self.help = help
            self.show = show
            self.needsRestart = restart
            self.apply = apply
        }

        var environmentName: String { "VANORT_" + key.uppercased().replacingOccurrences(of: "-", with: "_") }
    }

    /// The settings, in the order `check-config` prints them.
    static let settings: [Setting] = [
        Setting(key: "database-url", help: "libpq connection string or postgresql:// URL", show: { redactPassword($0.databaseURL) }, restart: true) { $0.databaseURL = $1 },
        Setting(key: "migration-database-url", help: "the schema owner's connection for migrations (empty: database-url)", show: { $0.migrationDatabaseURL.map(redactPassword) ?? "" }, restart: true) { config, value in
            config.migrationDatabaseURL = value.isEmpty ? nil : value
        },
        Setting(key: "socket", help: "admin socket path", show: { $0.socketPath }, restart: true) { config, value throws(ConfigurationError) in
            guard !value.isEmpty else { throw ConfigurationError(key: "socket", value: value, reason: "must not be empty") }
            config.socketPath = value
        },
        Setting(key: "log-level", help: "trace, debug, info, notice, warning, error or critical", show: { $0.logLevel.rawValue }) { config, value throws(ConfigurationError) in
            guard let level = Logger.Level(rawValue: value.lowercased()) else {
                throw ConfigurationError(key: "log-level", value: value, reason: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = level
        },
        Setting(key: "max-line-bytes", help: "longest request line (bytes)", show: { String($0.maxLineBytes) }) { config, value throws(ConfigurationError) in
            config.maxLineBytes = try integer("max-line-bytes", value, in: 64...1_048_576)
        },
        Setting(key: "idle-timeout", help: "seconds before an idle session is closed", show: { String($0.idleTimeoutSeconds) }) { config, value throws(ConfigurationError) in
            config.idleTimeoutSeconds = try integer("idle-timeout", value, in: 1...86_400)
        },
        Setting(key: "handshake-timeout", help: "seconds a remote client has to authenticate", show: { String($0.handshakeTimeoutSeconds) }) { config, value throws(ConfigurationError) in
            config.handshakeTimeoutSeconds = try integer("handshake-timeout", value, in: 1...600)
        },
        Setting(key: "max-clients", help: "concurrent sessions before 429 BUSY", show: { String($0.maxClients) }) { config, value throws(ConfigurationError) in
            config.maxClients = try integer("max-clients", value, in: 1...100_000)
        },
        Setting(key: "pool-size", help: "database connections, or auto: two per core and one more, at most a quarter of the server's max_connections",
                show: { $0.poolSize.map(String.init) ?? "auto" }, restart: true) { config, value throws(ConfigurationError) in
            config.poolSize = value.trimmingCharacters(in: .whitespaces).lowercased() == "auto" ? nil : try integer("pool-size", value, in: 1...256)
        },
        Setting(key: "database-connect-timeout", help: "seconds a new database connection may take before the database counts as unreachable", show: { String($0.databaseConnectTimeoutSeconds) }, restart: true) { config, value throws(ConfigurationError) in
            config.databaseConnectTimeoutSeconds = try integer("database-connect-timeout", value, in: 2...300)
        },
        Setting(key: "home-city", help: "the home municipality's name", show: { $0.homeCity }) { config, value throws(ConfigurationError) in
            guard !value.isEmpty else { throw ConfigurationError(key: "home-city", value: value, reason: "must not be empty") }
            config.homeCity = value
        },
        Setting(key: "notify-command", help: "shell command run per reminder with its JSON on stdin (empty: none)", show: { $0.notifyCommand ?? "" }) { config, value in
            config.notifyCommand = value.isEmpty ? nil : value
        },
        Setting(key: "sendmail-command", help: "sendmail-compatible command for e-mail, e.g. /usr/sbin/sendmail -t -i (empty: none)", show: { $0.sendmailCommand ?? "" }) { config, value in
            config.sendmailCommand = value.isEmpty ? nil : value
        },
        Setting(key: "mail-from", help: "sender of reminder e-mail: an address, or a name and one: Internationella kontoret <intl@example.org>",
                show: { $0.mailFrom }) { config, value throws(ConfigurationError) in
            guard MailAddress(parsing: value) != nil else {
                throw ConfigurationError(
                    key: "mail-from", value: value, reason: "must be an address such as vanort@example.org, or Name <vanort@example.org>")
            }
            config.mailFrom = value
        },
        Setting(key: "command-timeout", help: "seconds a delivery command may run", show: { String($0.commandTimeoutSeconds) }) { config, value throws(ConfigurationError) in
            config.commandTimeoutSeconds = try integer("command-timeout", value, in: 1...3600)
        },
        Setting(key: "reminder-lease", help: "seconds a claim on due reminders lasts", show: { String($0.reminderLeaseSeconds) }) { config, value throws(ConfigurationError) in
            config.reminderLeaseSeconds = try integer("reminder-lease", value, in: 1...86_400)
        },
        Setting(key: "reminder-max-attempts", help: "delivery attempts before a reminder fails", show: { String($0.reminderMaxAttempts) }) { config, value throws(ConfigurationError) in
            config.reminderMaxAttempts = try integer("reminder-max-attempts", value, in: 1...100)
        },
        Setting(key: "reminder-retry", help: "seconds before the first retry (doubling, at most an hour)", show: { String($0.reminderRetrySeconds) }) { config, value throws(ConfigurationError) in
            config.reminderRetrySeconds = try integer("reminder-retry", value, in: 1...3600)
        },
        Setting(key: "peer-roles", help: "roles of local users: 1001=staff; alice=association:NAME", show: { PeerRole.format($0.peerRoles) }) { config, value throws(ConfigurationError) in
            config.peerRoles = try PeerRole.parseList(value)
        },
        Setting(key: "listen", help: "HOST:PORT of the TCP+TLS listener (empty: none)", show: { $0.listenAddress.map(\.text) ?? "" }, restart: true) { config, value throws(ConfigurationError) in
            config.listenAddress = try address("listen", value, example: "0.0.0.0:7443")
        },
        Setting(key: "http-listen", help: "HOST:PORT of the web face (empty: none; behind a reverse proxy, 127.0.0.1:8080)", show: { $0.httpListenAddress.map(\.text) ?? "" }, restart: true) { config, value throws(ConfigurationError) in
            config.httpListenAddress = try address("http-listen", value, example: "127.0.0.1:8080")
        },
        Setting(key: "public-url", help: "the address people reach the web face at, for links in mail and calendar feeds (default: http:// and http-listen)", show: { $0.publicURL ?? "" }, restart: true) { config, value throws(ConfigurationError) in
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                config.publicURL = nil
                return
            }
            guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw ConfigurationError(key: "public-url", value: value, reason: "must be an http(s) address such as https://vanort.linkoping.se")
            }
            config.publicURL = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
        },
        Setting(key: "tls-cert", help: "PEM certificate (chain) of the TCP listener", show: { $0.tlsCertificatePath ?? "" }, restart: true) { config, value in
            config.tlsCertificatePath = value.isEmpty ? nil : value
        },
        Setting(key: "tls-key", help: "PEM private key of the TCP listener", show: { $0.tlsKeyPath ?? "" }, restart: true) { config, value in
            config.tlsKeyPath = value.isEmpty ? nil : value
        },
        Setting(key: "privacy-mode", help: "request (erasure on request) or municipal (retention policy only)", show: { $0.privacyMode.rawValue }) { config, value throws(ConfigurationError) in
            guard let mode = PrivacyMode(rawValue: value.lowercased()) else {
                throw ConfigurationError(key: "privacy-mode", value: value, reason: "must be request or municipal")
            }
            config.privacyMode = mode
        },
        Setting(key: "retention-days", help: "days after an exchange ends before its participants are purged", show: { String($0.retentionDays) }) { config, value throws(ConfigurationError) in
            config.retentionDays = try integer("retention-days", value, in: 1...36_500)
        },
        Setting(key: "special-needs-retention-days", help: "days after an exchange ends before special needs are cleared", show: { String($0.specialNeedsRetentionDays) }) {
            config, value throws(ConfigurationError) in
            config.specialNeedsRetentionDays = try integer("special-needs-retention-days", value, in: 0...36_500)
        },
    ]

    /// `HOST:PORT` (an IPv6 host in brackets; no host: every address), nil when empty.
    private static func address(_ key: String, _ value: String, example: String) throws(ConfigurationError) -> ListenAddress? {
        guard !value.isEmpty else { return nil }
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (1...65_535).contains(port)
        else { throw ConfigurationError(key: key, value: value, reason: "must be HOST:PORT, e.g. \(example)") }
        let host = value[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return ListenAddress(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    private static func integer(_ key: String, _ value: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigurationError(key: key, value: value, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Builds the configuration from defaults, then the file, then the environment, then flags.
    ///
    /// - Parameters:
    ///   - file: the configuration file, if any (`--config` or `VANORT_CONFIG`).
    ///   - environment: the process environment.
    ///   - flags: settings given on the command line, by key.
    public static func load(file: String?, environment: [String: String], flags: [String: String]) throws(ConfigurationError) -> Configuration {
        var configuration = try loadSettings(file: file, environment: environment, flags: flags)
        try configuration.checkListener()
        return configuration
    }

    /// The TCP listener needs its certificate and key, and serves TLS only.
    mutating func checkListener() throws(ConfigurationError) {
        guard let address = listenAddress else { return }
        guard tlsCertificatePath != nil, tlsKeyPath != nil else {
            throw ConfigurationError(
                key: "listen", value: "\(address.host):\(address.port)",
                reason: "needs tls-cert and tls-key (vanortd gen-cert makes a self-signed pair); the TCP listener is TLS only")
        }
    }

    private static func loadSettings(file: String?, environment: [String: String], flags: [String: String]) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigurationError(key: "config", value: file, reason: "cannot be read (\(error.localizedDescription))")
            }
            for (key, value) in try parseFile(text, path: file) {
                try configuration.apply(key: key, value: value)
            }
        }
        for setting in settings {
            if let value = environment[setting.environmentName] {
                try setting.apply(&configuration, value)
            }
        }
        for (key, value) in flags {
            try configuration.apply(key: key, value: value)
        }
        return configuration
    }

    mutating func apply(key: String, value: String) throws(ConfigurationError) {
        guard let setting = Self.settings.first(where: { $0.key == key }) else {
            throw ConfigurationError(key: key, value: value, reason: "is not a setting (known: \(Self.settings.map(\.key).joined(separator: ", ")))")
        }
        try setting.apply(&self, value)
    }

    /// Reads `key = value` lines; `#` starts a comment; values may be double-quoted.
    static func parseFile(_ text: String, path: String) throws(ConfigurationError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(key: "config", value: "\(path):\(number + 1)", reason: "expected 'key = value', found '\(line)'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            pairs.append((key, value))
        }
        return pairs
    }

    /// The settings as `key = value` lines, with the password in the database URL hidden.
    public var summary: [(String, String)] {
        Self.settings.map { ($0.key, $0.show(self)) }
    }

    /// The keys of the settings whose change differs between `self` and `other` but only
    /// takes effect after a restart (the database, the socket, the listener).
    public func restartOnlyChanges(comparedTo other: Configuration) -> [String] {
        Self.settings.filter { $0.needsRestart && $0.show(self) != $0.show(other) }.map(\.key)
    }

    /// Every setting as its flag, environment variable and help, for `vanortd --help`.
    public static var settingsHelp: [(flag: String, environment: String, help: String)] {
        settings.map { ("--" + $0.key, $0.environmentName, $0.help) }
    }

    /// The setting `key` names, if any.
    public static func isSetting(_ key: String) -> Bool {
        settings.contains { $0.key == key }
    }

    /// The setting keys, for suggestions.
    public static var settingKeys: [String] { settings.map(\.key) }

    private static let urlCredentials = TextPattern(#"(?<=://)([^:/@]+):([^@]*)@"#)
    private static let passwordKeyword = TextPattern(#"password=\S+"#)

    /// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`; `password=x` → `password=***`.
    static func redactPassword(_ url: String) -> String {
        var text = url
        if let range = urlCredentials.range(in: text) {
            let user = text[range].split(separator: ":").first ?? ""
            text.replaceSubrange(range, with: "\(user):***@")
        }
        if let range = passwordKeyword.range(in: text) {
            text.replaceSubrange(range, with: "password=***")
        }
        return text
    }
}
