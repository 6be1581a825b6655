import Foundation
import Testing
import VanortTestSupport

/// The fuzz target's checks over the committed corpus (seeds and every input that once
/// crashed it), replayed by its normal build: what the fuzzer found stays fixed.
@Suite struct FuzzCorpusTests {
    @Test func everyCorpusInputPassesTheFuzzChecks() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../FuzzCorpus").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        #expect(files.count >= 30)
        let replay = try await CommandResult.run(DaemonProcess.binDirectory.appendingPathComponent("VanortFuzz"), [corpus.path])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
        #expect(replay.stdout == "replayed \(files.count) inputs\n")
    }
}
