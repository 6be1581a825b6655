import Foundation
import Testing
import VanortTestSupport

/// `export` and `import` through vanortctl.
@Suite struct ExportImportTests {
    @Test func aCSVExportImportsIntoAnEmptyRegisterUnchanged() async throws {
        try await withDaemon { source, _ in
            for arguments in [
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest", "--notes", "Vänort, \"sedan\" 2004\nrad två"],
                ["city", "add", "--name", "Lidköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["agreement", "add", "--home", "Lidköping", "--city", "Kecskemét", "--kind", "twin-town", "--since", "2004", "--areas", "culture,sport"],
            ] {
                let result = try await source.ctl(arguments)
                #expect(result.exitCode == 0, "\(result.stderr)")
            }
            let cities = try await source.ctl(["export", "city"])
            let agreements = try await source.ctl(["export", "agreement"])
            #expect(cities.stdout.hasPrefix("id,name,country,"))
            let directory = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let cityFile = directory.appendingPathComponent("cities.csv")
            let agreementFile = directory.appendingPathComponent("agreements.csv")
            try cities.stdout.write(to: cityFile, atomically: true, encoding: .utf8)
            try agreements.stdout.write(to: agreementFile, atomically: true, encoding: .utf8)

            try await withDaemon { target, _ in
                let imported = try await target.ctl(["import", "city", cityFile.path])
                #expect(imported.exitCode == 0, "\(imported.stderr)")
                #expect(imported.stdout == "2 city record(s) imported: 2 added\n")
                #expect(try await target.ctl(["import", "agreement", agreementFile.path]).exitCode == 0)
                #expect(try await target.ctl(["export", "city"]).stdout == cities.stdout)
                #expect(try await target.ctl(["export", "agreement"]).stdout == agreements.stdout)
            }
        }
    }

    @Test func aBadRowRefusesTheWholeFileNamingItsLine() async throws {
        try await withDaemon { daemon, _ in
            let directory = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("bad.csv")
            try "name,country,timezone\nÅre,SE,Europe/Stockholm\nBad,XX,Europe/Stockholm\n\"Two\nlines\",SE,Mars/Base\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let result = try await daemon.ctl(["import", "city", file.path])
            #expect(result.exitCode == 1)
            #expect(result.stderr.contains("line 3: country 'XX'"))
            #expect(result.stderr.contains("line 4: timezone 'Mars/Base'"))
            let list = try await daemon.ctl(["city", "list"])
            #expect(list.stdout.split(separator: "\n").count == 1)
            try "name,colour\nX,red\n".write(to: file, atomically: true, encoding: .utf8)
            #expect(try await daemon.ctl(["import", "city", file.path]).exitCode == 64)
        }
    }
}
