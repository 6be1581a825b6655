import Foundation
import Testing
import VanortClient
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
                    // Versions count the changes a register made, so a record amended at the source
                    // is at version 2 there and 1 here: everything else must match.
                    let again = try Self.withoutVersions(try await target.ctl(["export", noun]).stdout)
                    let before = try Self.withoutVersions(exports[noun] ?? "")
                    #expect(again == before, "\(noun): \(Self.firstDifference(again, before))")
                }
            }
        }
    }

    /// An export's records without their `version` field.
    static func withoutVersions(_ csv: String) throws -> [[String]] {
        let records = try CSVReader.records(csv).map(\.fields)
        guard let column = records.first?.firstIndex(of: "version") else { return records }
        return records.map { fields in fields.enumerated().filter { $0.offset != column }.map(\.element) }
    }

    /// The first record where two exports differ, both ways, for the failure message.
    static func firstDifference(_ left: [[String]], _ right: [[String]]) -> String {
        guard let index = zip(left, right).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return "\(left.count) records against \(right.count)"
        }
        return "record \(index + 1): \(left[index]) instead of \(right[index])"
    }
}
