import Foundation
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import VanortProtocol

/// The admin socket, and the TCP+TLS listener when one is configured, as a service. It
/// binds (a bad certificate or a live socket stops the start), tells systemd it is ready
/// and serves. Graceful shutdown stops the listeners, so no new session starts, waits for the
/// sessions' in-flight commands, then closes the listeners; when the group's grace period runs out first, the
/// group cancels this service, which closes every session mid-command.
struct AdminService: Service {
    let server: AdminServer
    let configuration: Configuration
    let systemd: SystemdNotifier
    let logger: Logger

    func run() async throws {
        // TLS material is read before anything listens, so a bad certificate stops the start.
        let tls = try configuration.listenAddress.map { _ in try Self.tlsContext(configuration) }
        var bound = [try await server.bind(path: configuration.socketPath)]
        if let address = configuration.listenAddress, let tls {
            bound.append(try await server.bind(host: address.host, port: address.port, tls: tls))
            logger.info("TCP+TLS listener open", metadata: ["address": "\(address.host):\(address.port)"])
        }
        systemd.ready(status: Self.serving(configuration))
        logger.info(
            "vanortd ready",
            metadata: ["socket": "\(configuration.socketPath)", "version": "\(ProtocolVersion.software)", "pid": "\(getpid())"])
        let listeners = bound
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for listener in listeners {
                        group.addTask { await server.run(listener) }
                    }
                }
            } onGracefulShutdown: {
                systemd.stopping()
                logger.info("shutting down: no new sessions, finishing in-flight commands")
                server.beginShutdown(listeners, socketPath: configuration.socketPath)
            }
        } onCancel: {
            logger.warning("grace period over: closing the sessions still running a command")
            server.closeAllSessions()
        }
        try? FileManager.default.removeItem(atPath: configuration.socketPath)
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
}
