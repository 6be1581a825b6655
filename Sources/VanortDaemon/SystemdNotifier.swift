import Dispatch
import Foundation

/// Tells systemd what the daemon is doing (`Type=notify`): one datagram per state change
/// to `$NOTIFY_SOCKET`, the protocol sd_notify(3) describes, without libsystemd. Does
/// nothing when the variable is unset (not started by systemd).
public struct SystemdNotifier: Sendable {
    /// The socket path; a leading `@` names Linux's abstract namespace.
    let path: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The socket is bound and the database reachable.
    public func ready(status: String) {
        send("READY=1\nSTATUS=\(status)")
    }

    /// Shutdown began.
    public func stopping() {
        send("STOPPING=1\nSTATUS=shutting down")
    }

    /// A reload (SIGHUP) began; `ready` follows when it is done.
    public func reloading() {
        // CLOCK_MONOTONIC, which Dispatch's uptime reads on Linux. (A `timespec` of our own
        // did not build in release once Hummingbird was linked: the type then resolves to
        // Dispatch's C module, which cannot be imported.)
        let microseconds = DispatchTime.now().uptimeNanoseconds / 1_000
        send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)\nSTATUS=reloading the configuration")
    }

    /// Sends one notification; failures are ignored, as sd_notify's callers do.
    func send(_ message: String) {
        guard let path else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // Abstract names are exactly their bytes long; paths end at their NUL.
        let length = MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1)
        _ = message.withCString { text in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, text, strlen(text), Int32(MSG_NOSIGNAL), $0, socklen_t(length))
                }
            }
        }
    }
}
