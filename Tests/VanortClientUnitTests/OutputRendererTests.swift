import Foundation
import Testing
import VanortClient
import VanortProtocol

@Suite struct OutputRendererTests {
    let table = Table(columns: ["id", "name", "areas", "notes"], rows: [
        [1, "Kecskemét", .list(["culture", "sport"]), "says \"hej\", then\nleaves"],
        [2, "Palo Alto", .list([]), .null],
    ])

    @Test func csvFollowsRFC4180() {
        let csv = OutputRenderer.render(table, as: .csv)
        #expect(csv == "id,name,areas,notes\r\n1,Kecskemét,\"culture,sport\",\"says \"\"hej\"\", then\nleaves\"\r\n2,Palo Alto,,\r\n")
    }

    @Test func tsvHasAHeaderAndEscapesTabsAndNewlines() {
        let tsv = OutputRenderer.render(table, as: .tsv)
        #expect(tsv == "id\tname\tareas\tnotes\n1\tKecskemét\tculture,sport\tsays \"hej\", then\\nleaves\n2\tPalo Alto\t\t\n")
    }

    @Test func jsonIsAnArrayForListsAndAnObjectForOneRecord() throws {
        let list = OutputRenderer.render(table, as: .json)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["name"] as? String == "Kecskemét")
        #expect(parsed[0]["areas"] as? [String] == ["culture", "sport"])
        #expect(parsed[1]["notes"] is NSNull)
        #expect(list.contains("Kecskemét"))  // real UTF-8, not \u escapes

        let single = OutputRenderer.render(table, as: .json, single: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(single.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == 1)
    }

    @Test func aTerminalTableAlignsColumns() {
        let text = OutputRenderer.render(Table(columns: ["id", "name"], rows: [[1, "Utena"], [22, "Lusaka"]]), as: .table)
        #expect(text == "id  name\n--  ------\n1   Utena\n22  Lusaka\n")
        let vertical = OutputRenderer.render(Table(record: [("id", 1), ("country", "LT")]), as: .table, single: true)
        #expect(vertical == "id       1\ncountry  LT\n")
    }

    @Test func aTerminalTableFitsItsWidthCuttingLongCellsWithAnEllipsisButOtherFormatsNever() {
        let purpose = "Studiebesök om äldreomsorg och digital välfärdsteknik i Utena kommun"
        let table = Table(columns: ["id", "city", "purpose"], rows: [[1, "Utena", .string(purpose)], [2, "Lusaka", "Avfall"]])
        let fitted = OutputRenderer.render(table, as: .table, width: 40)
        #expect(fitted.split(separator: "\n").allSatisfy { $0.count <= 40 }, "\(fitted)")
        #expect(fitted.contains("…") && fitted.contains("Studiebesök om"))
        #expect(fitted.contains("Avfall"), "short cells stay whole")
        #expect(OutputRenderer.render(table, as: .table).contains(purpose), "no width: nothing cut")
        for format in [OutputFormat.tsv, .csv, .json, .excel] {
            #expect(OutputRenderer.render(table, as: format, width: 40).contains(purpose), "\(format) carries every character")
        }
    }

    @Test func statusJSONNestsDatabaseAndReminders() throws {
        let flat = Table(record: [
            ("version", "0.1.0"), ("uptime_seconds", 5), ("database_reachable", false),
            ("database_schema_version", .null), ("database_latency_ms", .null),
            ("reminders_pending", 3), ("reminders_overdue", 1), ("reminders_failed", 0), ("connections", 2),
        ])
        let json = StatusDocument.json(from: flat)
        #expect(json == #"{"version":"0.1.0","uptime_seconds":5,"database":{"reachable":false,"schema_version":null,"latency_ms":null},"reminders":{"pending":3,"overdue":1,"failed":0},"connections":2}"# + "\n")
    }
}
