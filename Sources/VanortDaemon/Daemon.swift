import VanortDomain
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import VanortPostgres
import VanortProtocol
import VanortReminders
import VanortStore

/// vanortd itself: wires configuration, database, migrations, admin socket and signals,
/// and runs until SIGTERM or SIGINT.
public final class Daemon: Sendable {
    /// How long in-flight commands may take to finish after a shutdown signal.
    static let shutdownGrace: Duration = .seconds(10)

    private let source: ConfigurationSource
    private let levelSwitch: LogLevelSwitch
    private let logger: Logger
    /// The listening sockets, once bound; closing them is how shutdown begins.
    private let listeners = Mutex<[any Channel]>([])
    private let shutdownRequested = Atomic<Bool>(false)
    private let systemd = SystemdNotifier()

    public init(source: ConfigurationSource, levelSwitch: LogLevelSwitch) {
        self.source = source
        self.levelSwitch = levelSwitch
        var logger = Logger(label: "vanortd") { DaemonLogHandler(label: $0, levelSwitch: levelSwitch) }
        logger.logLevel = levelSwitch.value
        self.logger = logger
    }

    /// Runs the daemon; returns after a graceful shutdown.
    public func run() async throws {
        let configuration = try source.load()
        levelSwitch.value = configuration.logLevel
        let pool = configuration.pool(size: configuration.poolSize)
        let store = Store(pool: pool)

        // A delivery command that exits without reading its stdin must not end the daemon.
        signal(SIGPIPE, SIG_IGN)
        let signals = SignalWatcher()
        signals.watch(SIGTERM) { self.requestShutdown("SIGTERM") }
        signals.watch(SIGINT) { self.requestShutdown("SIGINT") }

        Self.raiseOpenFileLimit()
        guard try await migrateWhenReachable(store, configuration) else { return }

        let started = ContinuousClock.now
        let server = AdminServerBox()
        var commands: [Command] = []
        commands.append(SessionCommands.ping())
        let reminders = ReminderStore(pool: pool, homeCity: configuration.homeCity)
        let broadcast = ReminderBroadcast()
        let metrics = DaemonMetrics()
        let scheduler = makeScheduler(configuration, store: reminders, broadcast: broadcast, metrics: metrics)
        commands.append(SessionCommands.status(store: store, reminders: reminders, metrics: metrics, started: started) {
            server.value?.connectionCount ?? 0
        })
        commands.append(SessionCommands.metrics(metrics, store: store, reminders: reminders) { server.value?.connectionCount ?? 0 })
        let register = RegisterStore(pool: pool, homeCity: configuration.homeCity)
        let agenda = AgendaStore(pool: pool, homeCity: configuration.homeCity)
        commands.append(contentsOf: RegisterCommands(store: register, agenda: agenda).all)
        commands.append(contentsOf: CalendarCommands(store: register, homeCity: configuration.homeCity).all)
        commands.append(contentsOf: ReminderCommands(store: reminders).all)
        let access = AccessStore(pool: pool, homeCity: configuration.homeCity)
        let audit = AuditStore(pool: pool, homeCity: configuration.homeCity)
        let tokens = TokenAuthority(store: access)
        commands.append(contentsOf: AccessCommands(tokens: tokens, accessStore: access, audit: audit).all)
        let privacy = PrivacyStore(pool: pool)
        commands.append(contentsOf: PrivacyCommands(store: privacy, mode: configuration.privacyMode).all)
        commands.append(contentsOf: ReportCommands(store: ReportStore(pool: pool)).all)
        let listed = commands
        commands.append(SessionCommands.help { listed })
        let trail = AuditTrail(store: audit, logger: logger)
        let zone = DisplayZone(fallback: ReminderStore.fallbackZone) { try await register.homeZone() }
        let router = CommandRouter(commands: commands, logger: logger, audit: trail, metrics: metrics, displayZone: zone)
        let gate = SessionGate(peerRoles: configuration.peerRoles, tokens: tokens, access: access, audit: trail)
        let retention = RetentionJob(
            store: privacy, audit: trail, logger: logger, participantDays: configuration.retentionDays,
            specialNeedsDays: configuration.specialNeedsRetentionDays)
        let admin = AdminServer(
            router: router, gate: gate, limits: SessionLimits(configuration), group: MultiThreadedEventLoopGroup.singleton,
            logger: logger, broadcast: broadcast)
        server.value = admin

        // TLS material is read before anything listens, so a bad certificate stops the start.
        let tls = try configuration.listenAddress.map { _ in try Self.tlsContext(configuration) }
        let channel = try await admin.bind(path: configuration.socketPath)
        var bound = [channel]
        if let address = configuration.listenAddress, let tls {
            bound.append(try await admin.bind(host: address.host, port: address.port, tls: tls))
            logger.info("TCP+TLS listener open", metadata: ["address": "\(address.host):\(address.port)"])
        }
        listeners.withLock { $0 = bound.map(\.channel) }
        signals.watch(SIGHUP) { self.reload(admin: admin, gate: gate, running: configuration) }
        if shutdownRequested.load(ordering: .relaxed) { bound.forEach { $0.channel.close(promise: nil) } }
        let listener = PostgresListener(url: configuration.databaseURL, channel: "vanort_reminders") { scheduler.wake($0) }
        scheduler.start()
        listener.start()
        retention.start()
        systemd.ready(status: Self.serving(configuration))
        logger.info(
            "vanortd ready",
            metadata: ["socket": "\(configuration.socketPath)", "version": "\(ProtocolVersion.software)", "pid": "\(getpid())"])

        let grace = Task {
            // Force-closes sessions whose commands overstay the grace period after shutdown began.
            while !shutdownRequested.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(200)) }
            try await Task.sleep(for: Self.shutdownGrace)
            admin.closeAllSessions()
        }
        await withDiscardingTaskGroup { group in
            for listener in bound {
                group.addTask { await admin.run(listener) }
            }
        }
        grace.cancel()
        listener.stop()
        retention.stop()
        await scheduler.stop()
        await pool.closeAll()
        try? FileManager.default.removeItem(atPath: configuration.socketPath)
        logger.info("vanortd stopped")
    }

    /// The reminder scheduler with the channels the configuration turns on.
    private func makeScheduler(
        _ configuration: Configuration, store: ReminderStore, broadcast: ReminderBroadcast, metrics: DaemonMetrics
    ) -> ReminderScheduler {
        let timeout = Double(configuration.commandTimeoutSeconds)
        var channels: [any ReminderChannel] = [LogChannel(logger: logger), WatchChannel(broadcast: broadcast)]
        if let command = configuration.notifyCommand {
            channels.append(NotifyCommandChannel(command: ExternalCommand(command, timeoutSeconds: timeout)))
        }
        if let command = configuration.sendmailCommand {
            // mail-from was checked when the configuration was read.
            let from = MailAddress(parsing: configuration.mailFrom) ?? MailAddress(name: "vanort", address: "vanort@localhost")
            channels.append(SendmailChannel(
                command: ExternalCommand(command, timeoutSeconds: timeout), from: from, home: configuration.homeCity))
        }
        if configuration.reminderLeaseSeconds <= configuration.commandTimeoutSeconds, configuration.notifyCommand != nil || configuration.sendmailCommand != nil {
            logger.warning("reminder-lease should exceed command-timeout, or a slow command's reminder may be taken over and sent twice")
        }
        let settings = ReminderScheduler.Settings(
            leaseSeconds: Double(configuration.reminderLeaseSeconds),
            policy: RetryPolicy(maxAttempts: configuration.reminderMaxAttempts, baseSeconds: Double(configuration.reminderRetrySeconds)))
        return ReminderScheduler(store: store, deliverer: ReminderDeliverer(channels: channels), settings: settings, logger: logger) {
            reminder, attempts in
            metrics.reminderDelivered(lateSeconds: reminder.lateSeconds, failed: attempts.contains { $0.result == .failed })
        }
    }

    /// What systemd's status line says while the daemon serves.
    static func serving(_ configuration: Configuration) -> String {
        "serving \(configuration.socketPath)" + (configuration.listenAddress.map { " and \($0.host):\($0.port)" } ?? "")
    }

    /// The TLS server context from the configured certificate chain and key.
    static func tlsContext(_ configuration: Configuration) throws -> NIOSSLContext {
        guard let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsKeyPath else {
            throw ConfigurationError(key: "listen", value: "", reason: "needs tls-cert and tls-key")
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            tls.minimumTLSVersion = .tlsv12
            // A closing session waits this long for the client's close_notify, which a client
            // that already hung up never sends; shutdown waits for every session.
            tls.shutdownTimeout = .milliseconds(500)
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConfigurationError(key: "tls-cert", value: certificatePath, reason: "cannot be used with tls-key \(keyPath) (\(error))")
        }
    }

    /// Lifts the soft open-file limit to the hard one: every session is a descriptor.
    static func raiseOpenFileLimit() {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Applies migrations, waiting for the database while it is down. False when shutdown
    /// was requested while waiting.
    private func migrateWhenReachable(_ store: Store, _ configuration: Configuration) async throws -> Bool {
        var delay: Duration = .milliseconds(250)
        while !shutdownRequested.load(ordering: .relaxed) {
            do {
                let applied = try await Self.migrate(store, configuration)
                if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
                return true
            } catch PostgresError.connectionLost(let message) {
                logger.warning("waiting for the database", metadata: ["error": "\(message)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        return false
    }

    private func requestShutdown(_ signal: String) {
        guard !shutdownRequested.exchange(true, ordering: .relaxed) else { return }
        systemd.stopping()
        logger.info("shutting down: no new sessions, finishing in-flight commands", metadata: ["signal": "\(signal)"])
        listeners.withLock { $0 }.forEach { $0.close(promise: nil) }
    }

    private func reload(admin: AdminServer, gate: SessionGate, running: Configuration) {
        systemd.reloading()
        defer { systemd.ready(status: Self.serving(running)) }
        do {
            let fresh = try source.load()
            levelSwitch.value = fresh.logLevel
            admin.update(limits: SessionLimits(fresh))
            gate.update(peerRoles: fresh.peerRoles)
            let pending = fresh.restartOnlyChanges(comparedTo: running)
            if !pending.isEmpty {
                logger.warning("\(pending.joined(separator: ", ")) take effect after a restart")
            }
            logger.info("configuration reloaded", metadata: ["log-level": "\(fresh.logLevel)"])
        } catch {
            logger.error("configuration not reloaded; keeping the current one", metadata: ["error": "\(error)"])
        }
    }

    /// `vanortd migrate`: applies pending migrations and returns their versions.
    public static func migrate(_ configuration: Configuration) async throws -> [Int] {
        let pool = configuration.pool(size: 1)
        do {
            let applied = try await migrate(Store(pool: pool), configuration)
            await pool.closeAll()
            return applied
        } catch {
            await pool.closeAll()
            throw error
        }
    }

    /// Migrates through `migration-database-url` (the schema owner) when it is set, then
    /// grants the runtime role what it needs; otherwise through the runtime connection.
    static func migrate(_ store: Store, _ configuration: Configuration) async throws -> [Int] {
        guard let ownerURL = configuration.migrationDatabaseURL else { return try await store.migrate() }
        let runtimeRole = try await store.currentRole()
        let ownerPool = configuration.pool(url: ownerURL, size: 1)
        do {
            let applied = try await Store(pool: ownerPool).migrate(grantingTo: runtimeRole)
            await ownerPool.closeAll()
            return applied
        } catch {
            await ownerPool.closeAll()
            throw error
        }
    }
}

/// Lets `STATUS` count the sessions of the server it is itself part of.
private final class AdminServerBox: Sendable {
    private let server = Mutex<AdminServer?>(nil)
    var value: AdminServer? {
        get { server.withLock { $0 } }
        set { server.withLock { $0 = newValue } }
    }
}

extension Configuration {
    /// A pool on `url` (default: `database-url`) that keeps this configuration's connect timeout.
    func pool(url: String? = nil, size: Int) -> PostgresPool {
        PostgresPool(url: url ?? databaseURL, size: size, connectTimeoutSeconds: databaseConnectTimeoutSeconds)
    }
}
