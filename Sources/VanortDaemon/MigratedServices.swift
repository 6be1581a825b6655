import ServiceLifecycle

/// The services that need the schema, started once it is there: waits for the database
/// and applies the migrations (graceful shutdown ends the wait), then runs `services` as
/// a group of their own, which the parent's graceful shutdown stops in reverse order.
struct MigratedServices: Service {
    /// Applies the migrations, waiting while the database is down.
    let migrate: @Sendable () async throws -> Void
    let services: ServiceGroup

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown(migrate)
        } catch is CancellationError {
            return
        }
        guard !Task.isShuttingDownGracefully else { return }
        try await services.run()
    }
}
