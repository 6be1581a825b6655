import Foundation
import Testing
import VanortReminders

@Suite struct ExternalCommandTests {
    @Test func theCommandReadsItsInputAndItsExitStatusCounts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vx-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("in.txt").path
        let ok = await ExternalCommand("cat > '\(file)'").run(input: Data("hej ä\n".utf8))
        #expect(ok.succeeded)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "hej ä\n")
        // A large input arrives whole, however the child's reads split it; so does a lot of
        // stderr written meanwhile (its end is kept).
        let large = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let copied = directory.appendingPathComponent("large.bin").path
        let chatty = await ExternalCommand("seq 1 20000 >&2; cat > '\(copied)'").run(input: large)
        #expect(chatty.succeeded, "\(chatty.failure)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copied)) == large)
        #expect(chatty.stderr.hasSuffix("19999\n20000\n"))
        let failed = await ExternalCommand("echo 'no route to mail host' >&2; exit 75").run(input: Data())
        #expect(!failed.succeeded)
        #expect(failed.failure == "exit status 75: no route to mail host")
    }

    @Test func aCommandThatOverstaysItsTimeoutIsKilled() async {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await ExternalCommand("exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        #expect(outcome.timedOut)
        #expect(!outcome.succeeded)
        #expect(clock.now - start < .seconds(20))
    }

    @Test func aTimeoutHoldsWhateverTheCommandDoesWithItsPipes() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // Closes stderr and runs on; never reads a megabyte of input; leaves a child behind.
        let quiet = await ExternalCommand("exec 2>&-; exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        let deaf = await ExternalCommand("exec sleep 30", timeoutSeconds: 0.5).run(input: Data(repeating: 65, count: 1 << 20))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vanort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        let parent = await ExternalCommand("sleep 30 & echo $! > '\(pidFile)'; exec sleep 30", timeoutSeconds: 0.5).run(input: Data())
        #expect(quiet.timedOut && deaf.timedOut && parent.timedOut)
        // Each was killed at its timeout, not after its 30 s.
        #expect(clock.now - start < .seconds(20))
        // What the command started went with it.
        let orphan = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<500 where !gone {
            let state = (try? String(contentsOfFile: "/proc/\(orphan)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            gone = state == nil || state == "Z"
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the command's own child \(orphan) still runs")
    }

    @Test func aCommandThatIgnoresItsInputIsStillAnOutcome() async {
        let big = Data(repeating: 65, count: 1 << 20)
        let outcome = await ExternalCommand("exit 0").run(input: big)
        #expect(outcome.exitStatus == 0)
    }
}
