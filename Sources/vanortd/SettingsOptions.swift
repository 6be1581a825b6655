import ArgumentParser
import Foundation
import VanortDaemon

/// The flags every vanortd subcommand takes; each mirrors a configuration key.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Configuration file (env VANORT_CONFIG).") var config: String?
    @Option(help: "PostgreSQL URL or libpq connection string (env VANORT_DATABASE_URL).") var databaseURL: String?
    @Option(help: "Admin socket path (env VANORT_SOCKET).") var socket: String?
    @Option(help: "trace, debug, info, notice, warning, error, critical (env VANORT_LOG_LEVEL).") var logLevel: String?
    @Option(help: "Longest request line in bytes (env VANORT_MAX_LINE_BYTES).") var maxLineBytes: String?
    @Option(help: "Seconds before an idle session is closed (env VANORT_IDLE_TIMEOUT).") var idleTimeout: String?
    @Option(help: "Seconds a remote client has to authenticate (env VANORT_HANDSHAKE_TIMEOUT).") var handshakeTimeout: String?
    @Option(help: "Concurrent sessions before 429 BUSY (env VANORT_MAX_CLIENTS).") var maxClients: String?
    @Option(help: "Database connections (env VANORT_POOL_SIZE).") var poolSize: String?
    @Option(help: "The home municipality (env VANORT_HOME_CITY).") var homeCity: String?
    @Option(help: "Command run per reminder with its JSON on stdin (env VANORT_NOTIFY_COMMAND).") var notifyCommand: String?
    @Option(help: "Sendmail-compatible command for reminder e-mail (env VANORT_SENDMAIL_COMMAND).") var sendmailCommand: String?
    @Option(help: "Sender address of reminder e-mail (env VANORT_MAIL_FROM).") var mailFrom: String?
    @Option(help: "Seconds a delivery command may run (env VANORT_COMMAND_TIMEOUT).") var commandTimeout: String?
    @Option(help: "Seconds a claim on due reminders lasts (env VANORT_REMINDER_LEASE).") var reminderLease: String?
    @Option(help: "Delivery attempts before a reminder fails (env VANORT_REMINDER_MAX_ATTEMPTS).") var reminderMaxAttempts: String?
    @Option(help: "Seconds before the first delivery retry (env VANORT_REMINDER_RETRY).") var reminderRetry: String?
    @Option(help: "The schema owner's connection for migrations (env VANORT_MIGRATION_DATABASE_URL).") var migrationDatabaseURL: String?
    @Option(help: "Roles of local users: '1001=staff; alice=association:NAME' (env VANORT_PEER_ROLES).") var peerRoles: String?
    @Option(help: "HOST:PORT of the TCP+TLS listener (env VANORT_LISTEN).") var listen: String?
    @Option(help: "PEM certificate of the TCP listener (env VANORT_TLS_CERT).") var tlsCert: String?
    @Option(help: "PEM private key of the TCP listener (env VANORT_TLS_KEY).") var tlsKey: String?
    @Option(help: "request or municipal (env VANORT_PRIVACY_MODE).") var privacyMode: String?
    @Option(help: "Days after an exchange before its participants are purged (env VANORT_RETENTION_DAYS).") var retentionDays: String?
    @Option(help: "Days after an exchange before special needs are cleared (env VANORT_SPECIAL_NEEDS_RETENTION_DAYS).")
    var specialNeedsRetentionDays: String?

    /// The flags that were given, by configuration key.
    var given: [String: String] {
        let pairs: [(String, String?)] = [
            ("database-url", databaseURL), ("socket", socket), ("log-level", logLevel),
            ("max-line-bytes", maxLineBytes), ("idle-timeout", idleTimeout), ("handshake-timeout", handshakeTimeout),
            ("max-clients", maxClients), ("pool-size", poolSize), ("home-city", homeCity),
            ("notify-command", notifyCommand), ("sendmail-command", sendmailCommand), ("mail-from", mailFrom),
            ("command-timeout", commandTimeout), ("reminder-lease", reminderLease),
            ("reminder-max-attempts", reminderMaxAttempts), ("reminder-retry", reminderRetry),
            ("migration-database-url", migrationDatabaseURL), ("peer-roles", peerRoles), ("listen", listen),
            ("tls-cert", tlsCert), ("tls-key", tlsKey), ("privacy-mode", privacyMode), ("retention-days", retentionDays),
            ("special-needs-retention-days", specialNeedsRetentionDays),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    var source: ConfigurationSource {
        ConfigurationSource(file: config, flags: given)
    }
}
