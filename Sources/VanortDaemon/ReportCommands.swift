import Foundation
import VanortDomain
import VanortProtocol
import VanortStore

/// `report review` and `report year`: for the office and the municipal board (admin, staff).
struct ReportCommands {
    let store: ReportStore
    /// Today, for a review's default period (the last five years).
    let clock: WallClock

    var all: [Command] {
        let store = self.store
        let clock = self.clock
        return [
            Command(declared: ["report", "review"], roles: Role.office) { request in
                guard let city = request.option("city") else { throw CommandError("report review needs city=NAME") }
                let thisYear = Calendar(identifier: .gregorian).component(.year, from: clock.now())
                let to = try request.wholeNumber("to", in: 1900...2200) ?? thisYear
                let from = try request.wholeNumber("from", in: 1900...2200) ?? to - 4
                return .rows(Self.table(try await store.review(city: city, from: from, to: to, language: request.language)))
            },
            Command(declared: ["report", "year"], roles: Role.office) {
                request in
                guard let year = Int(request.words[2]), (1900...2200).contains(year) else {
                    throw CommandError("report year takes a year from 1900 to 2200, not '\(request.words[2])'")
                }
                return .rows(Self.table(try await store.year(year, language: request.language)))
            },
        ]
    }

    /// A report's lines under their stable column names (the words inside are the request's language).
    static func table(_ lines: [ReportStore.Line]) -> Table {
        Table(columns: ["section", "city", "year", "item", "value"], rows: lines.map { line in
            [.string(line.section), .string(line.city), line.year.map(Value.int) ?? .null, .string(line.item), .string(line.value)]
        })
    }
}
