import Foundation
import Testing
import VanortProtocol
import VanortTestSupport

/// Every noun of the example register survives export and import unchanged.
@Suite struct RegisterRoundTripTests {
    /// Every noun of the catalog, so a new one is covered the day it is declared; rules
    /// are left out, as a fresh register already has the default ones.
    static let nouns = RegisterCatalog.nouns.map(\.noun).filter { $0 != "rule" }

    @Test func everyNounOfTheExampleDataRoundTripsThroughCSV() async throws {
        try await withDaemon { source, _ in
            try await loadExampleData(into: source)
            let directory = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            var exports: [String: String] = [:]
            for noun in Self.nouns {
                let export = try await source.ctl(["export", noun])
                #expect(export.exitCode == 0)
                #expect(export.stdout.split(separator: "\r\n").count > 1, "\(noun) has example rows")
                exports[noun] = export.stdout
                try export.stdout.write(to: directory.appendingPathComponent("\(noun).csv"), atomically: true, encoding: .utf8)
            }
            try await withDaemon { target, _ in
                for noun in Self.nouns {
                    let imported = try await target.ctl(["import", noun, directory.appendingPathComponent("\(noun).csv").path])
                    #expect(imported.exitCode == 0, "\(noun): \(imported.stderr)")
                }
                for noun in Self.nouns {
                    #expect(try await target.ctl(["export", noun]).stdout == exports[noun], "\(noun)")
                }
            }
        }
    }
}
