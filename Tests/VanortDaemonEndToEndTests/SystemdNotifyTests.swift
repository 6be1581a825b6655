import Foundation
import Testing
import VanortTestSupport

/// vanortd under `Type=notify`: READY once it serves, RELOADING around SIGHUP, STOPPING at
/// shutdown, sent to `$NOTIFY_SOCKET` as systemd would receive them; and log lines with
/// syslog priorities when stderr is the journal.
@Suite struct SystemdNotifyTests {
    @Test func readyReloadingAndStoppingReachTheNotifySocket() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let notify = try NotifySocket(path: directory.appendingPathComponent("notify").path)
            let daemon = try await DaemonProcess.start(
                databaseURL: database.url, environment: ["NOTIFY_SOCKET": notify.path], directory: directory, waitForSocket: false)
            let ready = try #require(await notify.next())
            #expect(ready.hasPrefix("READY=1\nSTATUS=serving \(daemon.socketPath)"))
            // READY means serving: the very next command is answered.
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)

            daemon.signal(SIGHUP)
            #expect(await notify.next()?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
            #expect(await notify.next()?.hasPrefix("READY=1") == true)

            daemon.signal(SIGTERM)
            #expect(await notify.next()?.hasPrefix("STOPPING=1") == true)
            #expect(try await daemon.waitForExit() == 0)
            await daemon.stop()
        }
    }

    @Test func underTheJournalLogLinesCarryTheirPriority() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url, environment: ["JOURNAL_STREAM": "8:12345"])
            // A session's end is logged at debug level.
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
            try await eventually("a debug line") { daemon.log.contains("<7>vanortd: session closed") }
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
