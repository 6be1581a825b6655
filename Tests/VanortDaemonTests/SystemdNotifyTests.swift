import Foundation
import Testing
import VanortTestSupport

/// vanortd under `Type=notify`: READY once it serves, RELOADING around SIGHUP, STOPPING at
/// shutdown, sent to `$NOTIFY_SOCKET` as systemd would receive them; and log lines with
/// syslog priorities when stderr is the journal.
@Suite struct SystemdNotifyTests {
    /// A datagram socket standing in for systemd's notification socket.
    final class NotifySocket {
        let fd: Int32
        let path: String

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw TestSupportError("bind \(path): errno \(errno)") }
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        /// The next notification, or nil after 20 s.
        func next() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }
    }

    @Test func readyReloadingAndStoppingReachTheNotifySocket() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let notify = try NotifySocket(path: directory.appendingPathComponent("notify").path)
            let daemon = try await DaemonProcess.start(
                databaseURL: database.url, environment: ["NOTIFY_SOCKET": notify.path], directory: directory, waitForSocket: false)
            let ready = try #require(notify.next())
            #expect(ready.hasPrefix("READY=1\nSTATUS=serving \(daemon.socketPath)"))
            // READY means serving: the very next command is answered.
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)

            daemon.signal(SIGHUP)
            #expect(notify.next()?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
            #expect(notify.next()?.hasPrefix("READY=1") == true)

            daemon.signal(SIGTERM)
            #expect(notify.next()?.hasPrefix("STOPPING=1") == true)
            #expect(try await daemon.waitForExit() == 0)
            await daemon.stop()
        }
    }

    @Test func underTheJournalLogLinesCarryTheirPriority() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url, environment: ["JOURNAL_STREAM": "8:12345"])
            let lines = daemon.log.split(separator: "\n")
            await daemon.stop()
            #expect(lines.contains { $0.hasPrefix("<6>vanortd: vanortd ready") }, "\(daemon.log)")
            #expect(lines.contains { $0.hasPrefix("<7>vanortd: ") })
            #expect(lines.allSatisfy { $0.hasPrefix("<") })
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "needs systemd-analyze"))
    func theUnitFilePassesSystemdsOwnCheck() async throws {
        let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/vanortd.service").standardized
        let text = try String(contentsOf: unit, encoding: .utf8)
        #expect(text.contains("Type=notify"))
        // Checked where the binary is: the unit names its installed path.
        let directory = try DaemonProcess.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("vanortd.service")
        try text.replacingOccurrences(of: "/usr/local/bin/vanortd", with: DaemonProcess.binDirectory.appendingPathComponent("vanortd").path)
            .write(to: copy, atomically: true, encoding: .utf8)
        let verify = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/systemd-analyze"), ["verify", copy.path])
        #expect(verify.exitCode == 0)
        #expect(verify.stderr.isEmpty && verify.stdout.isEmpty, "\(verify.stderr)\(verify.stdout)")
    }
}
