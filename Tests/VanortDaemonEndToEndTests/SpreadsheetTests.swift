import Foundation
import Testing
import VanortTestSupport

/// True when LibreOffice's `soffice` can convert spreadsheets headless (deploy/test.sh installs it).
let libreOfficeAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")

/// The office's own spreadsheets: what Swedish Excel saves imports, and what `export
/// --excel` writes opens with å, ä and ö intact, checked by LibreOffice converting both ways.
@Suite struct SpreadsheetTests {
    /// Converts `file` with LibreOffice headless into `directory`; `filter` as soffice takes it.
    static func convert(_ file: URL, to filter: String, inputFilter: String? = nil, into directory: URL) async throws {
        let profile = directory.appendingPathComponent("lo-profile").path
        var arguments = ["-env:UserInstallation=file://\(profile)", "--headless", "--norestore"]
        if let inputFilter { arguments.append("--infilter=\(inputFilter)") }
        arguments += ["--convert-to", filter, "--outdir", directory.path, file.path]
        let result = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/soffice"), arguments, environment: ["HOME": directory.path])
        try #require(result.exitCode == 0, "soffice \(arguments): \(result.stderr) \(result.stdout)")
    }

    @Test func aFileAsSwedishExcelSavesItImportsHeadingsInSwedishDecimalCommasAndAll() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
            ])
            let directory = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            // Semicolons, Swedish headings, Windows-1252 (ö is one byte, 0xF6), CRLF.
            let contacts = "Namn;Titel;Stad;E-post;Språk\r\nÅsa Öberg;Samordnare;Linköping;asa@example.org;sv\r\nBjörn Ängel;Handläggare;Kecskemét;;en\r\n"
            let file = directory.appendingPathComponent("kontakter.csv")
            try #require(contacts.data(using: .windowsCP1252)).write(to: file)
            let imported = try await daemon.ctl(["import", "contact", file.path])
            #expect(imported.exitCode == 0, "\(imported.stderr)")
            let list = try await daemon.ctl(["--json", "contact", "list"]).stdout
            #expect(list.contains("Åsa Öberg") && list.contains("Björn Ängel") && list.contains("Samordnare"), "\(list)")

            let visits = "Stad;Riktning;Från;Till;Syfte;Kostnad\r\nKecskemét;outgoing;2027-05-03;2027-05-07;Körutbyte;12 500,50\r\n"
            let visitFile = directory.appendingPathComponent("besök.csv")
            try Data(("\u{FEFF}" + visits).utf8).write(to: visitFile)
            let visitImport = try await daemon.ctl(["import", "visit", visitFile.path])
            #expect(visitImport.exitCode == 0, "\(visitImport.stderr)")
            #expect(try await daemon.ctl(["--json", "visit", "list"]).stdout.contains("\"cost\":12500.5"), "the decimal comma is exact")

            // A heading the noun does not have is named; a wrong --encoding too.
            let wrong = directory.appendingPathComponent("fel.csv")
            try Data("Namn;Skostorlek\r\nPer;44\r\n".utf8).write(to: wrong)
            let refused = try await daemon.ctl(["import", "contact", wrong.path])
            #expect(refused.exitCode != 0 && refused.stderr.contains("Skostorlek"), "\(refused.stderr)")
            let encoding = try await daemon.ctl(["import", "contact", file.path, "--encoding", "ebcdic"])
            #expect(encoding.exitCode != 0 && encoding.stderr.contains("--encoding"), "\(encoding.stderr)")
        }
    }

    @Test(.enabled(if: libreOfficeAvailable, "needs LibreOffice (deploy/test.sh installs libreoffice-calc-nogui)"))
    func anExcelExportOpensInASpreadsheetAndComesBackAsExcelSavesIt() async throws {
        let directory = try DaemonProcess.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withDaemon { source, _ in
            try await succeed(source, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest", "--notes", "Vänort sedan 2004; körer, idrott"],
                ["city", "add", "--name", "Münster", "--country", "DE", "--timezone", "Europe/Berlin", "--population", "320000"],
            ])
            let exported = try await source.ctl(["export", "city", "--excel"])
            #expect(exported.stdout.hasPrefix("\u{FEFF}id;name;country;"), "\(exported.stdout.prefix(40))")
            #expect(exported.stdout.contains("\r\n"))
            let csv = directory.appendingPathComponent("stader.csv")
            try Data(exported.stdout.utf8).write(to: csv)

            // Into a spreadsheet as Excel reads it (semicolons, UTF-8), then saved back as a
            // Swedish Excel saves CSV: semicolons, Windows-1252.
            try await Self.convert(csv, to: "xlsx", inputFilter: "CSV:59,34,76,1", into: directory)
            let xlsx = directory.appendingPathComponent("stader.xlsx")
            #expect(FileManager.default.fileExists(atPath: xlsx.path))
            let back = directory.appendingPathComponent("back")
            try FileManager.default.createDirectory(at: back, withIntermediateDirectories: true)
            try await Self.convert(xlsx, to: "csv:Text - txt - csv (StarCalc):59,34,1", into: back)
            let saved = back.appendingPathComponent("stader.csv")
            let bytes = try Data(contentsOf: saved)
            #expect(String(data: bytes, encoding: .utf8) == nil || !bytes.contains(0xC3), "saved as Windows-1252, not UTF-8")
            let text = try #require(String(data: bytes, encoding: .windowsCP1252))
            #expect(text.contains("Kecskemét") && text.contains("Münster") && text.contains("Vänort sedan 2004; körer, idrott"), "\(text)")

            try await withDaemon { target, _ in
                let imported = try await target.ctl(["import", "city", saved.path])
                #expect(imported.exitCode == 0, "\(imported.stderr)")
                #expect(try await target.ctl(["export", "city"]).stdout == (try await source.ctl(["export", "city"])).stdout)
            }
        }
    }
}
