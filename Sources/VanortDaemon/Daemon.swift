import VanortDomain
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals
import Synchronization
import VanortPostgres
import VanortProtocol
import VanortReminders
import VanortStore

/// vanortd itself: wires configuration, database, migrations, admin socket and signals
/// into one swift-service-lifecycle `ServiceGroup`, and runs until SIGTERM or SIGINT.
///
/// The group stops its services in the reverse of their order: SIGHUP's watch, the admin
/// listeners (no new sessions; in-flight commands finish within `shutdownGrace`, then are
/// cut off), the retention job, the reminder scheduler (deliveries under way finish), and
/// last the database pool.
public final class Daemon: Sendable {
    /// How long in-flight commands may take to finish after a shutdown signal.
    static let shutdownGrace: Duration = .seconds(10)

    private let source: ConfigurationSource
    private let levelSwitch: LogLevelSwitch
    private let logger: Logger
    private let systemd = SystemdNotifier()
    private let clock: WallClock

    public init(source: ConfigurationSource, levelSwitch: LogLevelSwitch, clock: WallClock = .system) {
        self.source = source
        self.levelSwitch = levelSwitch
        self.clock = clock
        var logger = Logger(label: "vanortd") { DaemonLogHandler(label: $0, levelSwitch: levelSwitch) }
        logger.logLevel = levelSwitch.value
        self.logger = logger
    }

    /// Runs the daemon; returns after a graceful shutdown.
    public func run() async throws {
        AllocatorSettings.apply()
        let configuration = try source.load()
        levelSwitch.value = configuration.logLevel
        let poolSize: Int
        if let size = configuration.poolSize {
            poolSize = size
        } else {
            let usable = await PoolSizing.usableConnections(url: configuration.databaseURL, connectTimeoutSeconds: configuration.databaseConnectTimeoutSeconds)
            poolSize = PoolSizing.automatic(cores: ProcessInfo.processInfo.activeProcessorCount, usableConnections: usable)
        }
        logger.info("database pool", metadata: ["connections": "\(poolSize)", "sized-by": "\(configuration.poolSize == nil ? "auto" : "pool-size")"])
        let pool = configuration.pool(size: poolSize)
        let store = Store(pool: pool)

        // A delivery command that exits without reading its stdin must not end the daemon.
        signal(SIGPIPE, SIG_IGN)
        Self.raiseOpenFileLimit()

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
        commands.append(contentsOf: CalendarCommands(store: register, homeCity: configuration.homeCity, clock: clock).all)
        commands.append(contentsOf: ReminderCommands(store: reminders).all)
        let access = AccessStore(pool: pool, homeCity: configuration.homeCity)
        let audit = AuditStore(pool: pool, homeCity: configuration.homeCity)
        let tokens = TokenAuthority(store: access)
        commands.append(contentsOf: AccessCommands(tokens: tokens, accessStore: access, audit: audit).all)
        let privacy = PrivacyStore(pool: pool)
        commands.append(contentsOf: PrivacyCommands(store: privacy, mode: configuration.privacyMode).all)
        commands.append(contentsOf: ReportCommands(store: ReportStore(pool: pool), clock: clock).all)
        let webAccess = WebAccessStore(pool: pool)
        let mailer = configuration.sendmailCommand.map { command in
            InvitationMailer(
                command: ExternalCommand(command, timeoutSeconds: Double(configuration.commandTimeoutSeconds)),
                from: MailAddress(parsing: configuration.mailFrom) ?? MailAddress(name: "vanort", address: "vanort@localhost"), clock: clock,
                hostname: ProcessInfo.processInfo.hostName)
        }
        commands.append(contentsOf: WebAccessCommands(store: webAccess, webAddress: configuration.webAddress, mailer: mailer).all)
        let listed = commands
        commands.append(SessionCommands.help { listed })
        let trail = AuditTrail(store: audit, logger: logger)
        let zone = DisplayZone(fallback: ReminderStore.fallbackZone) { try await register.homeZone() }
        let router = CommandRouter(commands: commands, logger: logger, audit: trail, metrics: metrics, displayZone: zone, database: pool)
        let gate = SessionGate(peerRoles: configuration.peerRoles, tokens: tokens, access: access, audit: trail)
        let admin = AdminServer(
            router: router, gate: gate, limits: SessionLimits(configuration), group: MultiThreadedEventLoopGroup.singleton,
            logger: logger, broadcast: broadcast)
        server.value = admin
        let listener = PostgresListener(url: configuration.databaseURL, channel: "vanort_reminders") { scheduler.wake($0) }
        var web: [any Service] = []
        if let address = configuration.httpListenAddress {
            let face = WebFace(
                router: router, store: webAccess, database: store, audit: trail, pages: try WebPages(), clock: clock,
                secureCookies: configuration.webAddress?.hasPrefix("https://") == true)
            web.append(Application(
                router: face.routes(), configuration: .init(address: .hostname(address.host, port: address.port), serverName: "vanortd"),
                logger: logger))
        }

        // Started in this order, stopped in the reverse.
        var serving = ServiceGroupConfiguration(
            services: [
                ReminderService(scheduler: scheduler, listener: listener),
                RetentionJob(
                    store: privacy, audit: trail, logger: logger, participantDays: configuration.retentionDays,
                    specialNeedsDays: configuration.specialNeedsRetentionDays),
                AdminService(server: admin, configuration: configuration, systemd: systemd, logger: logger),
            ] + web + [
                ReloadService { self.reload(admin: admin, gate: gate, running: configuration) },
            ],
            logger: logger)
        serving.maximumGracefulShutdownDuration = Self.shutdownGrace
        let daemon = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                PoolService(pool: pool),
                MigratedServices(migrate: { try await self.migrateWhenReachable(store, configuration) }, services: ServiceGroup(configuration: serving)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await daemon.run()
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

    /// Lifts the soft open-file limit to the hard one: every session is a descriptor.
    static func raiseOpenFileLimit() {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Applies migrations, waiting for the database while it is down (the caller's
    /// cancellation ends the wait).
    private func migrateWhenReachable(_ store: Store, _ configuration: Configuration) async throws {
        var delay: Duration = .milliseconds(250)
        while true {
            do {
                let applied = try await Self.migrate(store, configuration)
                if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
                return
            } catch PostgresError.connectionLost(let message) {
                logger.warning("waiting for the database", metadata: ["error": "\(message)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    private func reload(admin: AdminServer, gate: SessionGate, running: Configuration) {
        systemd.reloading()
        defer { systemd.ready(status: AdminService.serving(running)) }
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
