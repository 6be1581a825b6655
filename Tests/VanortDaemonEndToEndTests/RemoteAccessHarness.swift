import Foundation
import Testing
import VanortClient
import VanortTestSupport

/// A daemon with its TCP+TLS listener on, and how tests reach it: tokens, vanortctl over
/// TLS, and protocol sessions as any role.
struct RemoteAccess {
    let daemon: DaemonProcess
    let port: Int
    let caFile: String

    /// Creates a token as admin (over the Unix socket) and returns its text.
    func token(role: String, association: String? = nil, expires: String? = nil) async throws -> String {
        var arguments = ["--json", "token", "create", "--role", role]
        if let association { arguments += ["--association", association] }
        if let expires { arguments += ["--expires", expires] }
        let created = try await daemon.ctl(arguments)
        try #require(created.exitCode == 0, "\(created.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        return try #require(object["token"] as? String)
    }

    /// vanortctl over TLS with `token` in the environment.
    func ctl(_ token: String, _ arguments: [String], caFile: String? = nil) async throws -> CommandResult {
        try await CommandResult.run(
            DaemonProcess.binDirectory.appendingPathComponent("vanortctl"),
            ["--host", "localhost:\(port)", "--ca-file", caFile ?? self.caFile] + arguments,
            environment: ["VANORT_TOKEN": token])
    }

    func endpoint(_ token: String) -> Endpoint {
        .tls(host: "localhost", port: port, token: token, caFile: caFile)
    }
}

/// Runs `body` with a daemon whose TCP+TLS listener uses a fresh self-signed certificate.
func withRemoteAccess<T>(
    arguments: [String] = [], _ body: (RemoteAccess, TestDatabase) async throws -> T
) async throws -> T {
    let certificates = try DaemonProcess.makeDirectory()
    defer { try? FileManager.default.removeItem(at: certificates) }
    let made = try await CommandResult.run(
        DaemonProcess.binDirectory.appendingPathComponent("vanortd"), ["gen-cert", "--out", certificates.path, "--host", "localhost"])
    try #require(made.exitCode == 0, "\(made.stderr)")
    let port = try FreePort.loopback()
    let certificate = certificates.appendingPathComponent("cert.pem").path
    let key = certificates.appendingPathComponent("key.pem").path
    // A loaded CI machine can take seconds per TLS round trip; only the tests of the
    // deadline itself get a short one.
    let deadline = arguments.contains("--handshake-timeout") ? [] : ["--handshake-timeout", "600"]
    return try await withDaemon(arguments: ["--listen", "127.0.0.1:\(port)", "--tls-cert", certificate, "--tls-key", key] + deadline + arguments) {
        daemon, database in
        try await body(RemoteAccess(daemon: daemon, port: port, caFile: certificate), database)
    }
}
