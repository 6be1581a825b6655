import Foundation
import Testing
import VanortClient
import VanortPostgres
import VanortProtocol
import VanortTestSupport

/// The TCP+TLS listener's door: tokens, what is answered before `AUTH`, slow failures,
/// revocation and expiry, hash-only storage, and clients without TLS or the right CA.
@Suite struct RemoteAuthTests {
    @Test func beforeAuthOnlyHelloAuthAndQuitAreAnsweredAndAWrongTokenIsSlow() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await remote.token(role: "staff")
            try await AdminSession.with(endpoint: remote.endpoint(token), authenticate: false) { session in
                #expect(session.greeting.hasSuffix("role=none"))
                for line in ["PING", "HELP", "STATUS", "city list", "token list"] {
                    #expect(try await session.send(line: line).status == .auth, "\(line)")
                }
                let clock = ContinuousClock()
                let start = clock.now
                let wrong = try await session.send(line: "AUTH vt1.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                #expect(wrong.status == .auth)
                #expect(clock.now - start >= .milliseconds(200))
                #expect(try await session.send(line: "AUTH not-a-token").status == .auth)
                let right = try await session.send(line: "AUTH \(token)")
                #expect(right.status == .ok)
                #expect(right.message == "role=staff")
                #expect(try await session.send(line: "PING").message == "PONG")
            }
            let audit = try await remote.daemon.ctl(["--json", "audit", "list"])
            #expect(audit.stdout.contains(#""command":"AUTH ***","code":401"#))
            #expect(!audit.stdout.contains("AAAAAAAA"))
        }
    }

    @Test func theFifthWrongTokenClosesTheSession() async throws {
        try await withRemoteAccess { remote, _ in
            await #expect(throws: (any Error).self) {
                try await AdminSession.with(endpoint: remote.endpoint(""), authenticate: false) { session in
                    for _ in 1...5 {
                        #expect(try await session.send(line: "AUTH vt1.9.wrong").status == .auth)
                    }
                    _ = try await session.send(line: "PING")
                }
            }
            let ping = try await remote.daemon.ctl(["ping"])
            #expect(ping.exitCode == 0)
        }
    }

    @Test func revokedAndExpiredTokensAreRefusedAndOnlyHashesAreStored() async throws {
        try await withRemoteAccess { remote, database in
            let revoked = try await remote.token(role: "staff")
            let expiring = try await remote.token(role: "admin", expires: "2099-01-01")
            #expect(try await remote.ctl(revoked, ["ping"]).exitCode == 0)
            #expect(try await remote.daemon.ctl(["token", "revoke", "1"]).exitCode == 0)
            let refused = try await remote.ctl(revoked, ["ping"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("401 AUTH"))

            try await database.query("UPDATE access_token SET expires_at = now() - interval '1 second' WHERE id = 2")
            #expect(try await remote.ctl(expiring, ["ping"]).stderr.contains("401 AUTH"))
            let states = try await remote.daemon.ctl(["--json", "token", "list"])
            #expect(states.stdout.contains(#""state":"revoked""#) && states.stdout.contains(#""state":"expired""#))

            // The database holds the SHA-256 of each secret, never the secret.
            let secret = String(revoked.split(separator: ".")[2])
            let rows = try await database.query(SQL(
                "SELECT count(*) AS n FROM access_token WHERE secret_hash = sha256(convert_to($1, 'UTF8'))", secret))
            #expect(try rows.first?.decode(Int.self, "n") == 1)
            let dump = try await database.query("SELECT string_agg(t::text, ' ') AS all_rows FROM access_token t")
            #expect(try dump.first?.decode(String.self, "all_rows").contains(secret) == false)
        }
    }

    @Test func aClientWithoutTLSGetsNothingAndOneWithTheWrongCAIsExit2() async throws {
        try await withRemoteAccess { remote, _ in
            let received = try await Self.plaintextExchange(port: remote.port, send: "PING\nHELP\n")
            #expect(!received.contains("VANORT") && !received.contains("PONG"))

            let token = try await remote.token(role: "staff")
            let other = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: other) }
            _ = try await CommandResult.run(DaemonProcess.binDirectory.appendingPathComponent("vanortd"), ["gen-cert", "--out", other.path])
            let wrongCA = try await remote.ctl(token, ["ping"], caFile: other.appendingPathComponent("cert.pem").path)
            #expect(wrongCA.exitCode == 2)
            #expect(wrongCA.stderr.contains("TLS"))

            let bin = DaemonProcess.binDirectory.appendingPathComponent("vanortctl")
            let noToken = try await CommandResult.run(bin, ["--host", "localhost:\(remote.port)", "ping"])
            #expect(noToken.exitCode == 64)
            #expect(noToken.stderr.contains("VANORT_TOKEN"))
        }
    }

    @Test func aSessionThatDoesNotAuthenticateInTimeIsClosed() async throws {
        try await withRemoteAccess(arguments: ["--handshake-timeout", "1"]) { remote, _ in
            let clock = ContinuousClock()
            let start = clock.now
            // On a loaded machine the deadline may beat the client's own HELLO: then the
            // close is all it sees. Either way the session ends, not before the deadline.
            let last = try? await AdminSession.with(endpoint: remote.endpoint(""), authenticate: false) { session in
                try await session.nextReply()
            }
            #expect(clock.now - start >= .milliseconds(900))
            if let last {
                #expect(last.status == .auth)
                #expect(last.message.contains("no AUTH within 1 s"))
            }
            let ping = try await remote.daemon.ctl(["ping"])
            #expect(ping.exitCode == 0)
        }
    }

    @Test func anAuthenticatedSessionOutlivesTheAuthenticationDeadline() async throws {
        // Long enough for TLS and AUTH on a loaded machine; the session then outlives it.
        try await withRemoteAccess(arguments: ["--handshake-timeout", "10"]) { remote, _ in
            let token = try await remote.token(role: "staff")
            let pong = try await AdminSession.with(endpoint: remote.endpoint(token)) { session in
                try await Task.sleep(for: .seconds(11))
                return try await session.send(line: "PING")
            }
            #expect(pong.message == "PONG")
        }
    }

    /// Connects without TLS, sends `text`, and returns whatever arrives before the server
    /// closes (or the socket-read timeout passes); the blocking reads run on their own thread.
    static func plaintextExchange(port: Int, send text: String) async throws -> String {
        try await onThread { try blockingPlaintextExchange(port: port, send: text) }
    }

    private static func blockingPlaintextExchange(port: Int, send text: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSupportError("connect failed: errno \(errno)") }
        var timeout = timeval(tv_sec: Int(TestTimeouts.socketRead.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = text.withCString { write(fd, $0, strlen($0)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
