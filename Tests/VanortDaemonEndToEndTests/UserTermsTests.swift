import VanortProtocol
import Foundation
import Testing
import VanortClient
import VanortTestSupport

/// Errors and help in the user's terms: near misses get a suggestion, records are shown by
/// their names, help never cuts an option, and a destructive command asks on a terminal.
@Suite struct UserTermsTests {
    @Test func nearMissesGetASuggestionAndExchangesArePickedByTitle() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let flag = try await daemon.ctl(["visit", "list", "--cty", "Utena"])
            #expect(flag.exitCode == 64 && flag.stderr.contains("has no option --cty; did you mean --city?"), "\(flag.stderr)")
            let verb = try await daemon.ctl(["visit", "lsit"])
            #expect(verb.stderr.contains("did you mean 'list'?"), "\(verb.stderr)")
            let name = try await daemon.ctl(["visit", "list", "--city", "Kecskement"])
            #expect(name.exitCode == 1 && name.stderr.contains("no such city; did you mean Kecskemét?"), "\(name.stderr)")
            let show = try await daemon.ctl(["city", "show", "Lidkoeping"])
            #expect(show.stderr.contains("did you mean Lidköping?"), "\(show.stderr)")

            let exchange = try await daemon.ctl(["--json", "exchange", "show", "Sommarläger i Kecskemét"])
            #expect(exchange.exitCode == 0 && exchange.stdout.contains("\"title\":\"Sommarläger i Kecskemét\""), "\(exchange.stderr)")

            let help = try await daemon.ctl(["exchange", "--help"])
            #expect(help.stdout.contains("--partner-organisation "), "\(help.stdout)")
            let commands = try await AdminSession.with(socketPath: daemon.socketPath) { try await $0.send(line: "HELP") }
            let summaries = commands.table?.rows.compactMap { $0.last?.text } ?? []
            #expect(summaries.contains("add a new agreement") && !summaries.contains("add a agreement"), "\(summaries)")
        }
    }

    /// vanortctl under a pseudo-terminal (Python's pty), answering its question.
    static func onTerminal(_ daemon: DaemonProcess, _ arguments: [String], answer: String, columns: Int = 100) async throws -> CommandResult {
        let script = """
            import os, pty, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            out = b""
            answered = False
            while True:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if not answered and (b"[y/N]" in out or b"[j/N]" in out):
                    os.write(fd, sys.stdin.buffer.read().replace(b"\\n", b"\\r"))
                    answered = True
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(out.decode("utf-8", "replace"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let directory = try DaemonProcess.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("answer")
        try Data((answer + "\n").utf8).write(to: input)
        let ctl = DaemonProcess.binDirectory.appendingPathComponent("vanortctl").path
        let quoted = ([ctl, "--socket", daemon.socketPath] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await CommandResult.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "python3 -c \"$PTY_SCRIPT\" \(quoted) < '\(input.path)'"],
            environment: ["PTY_SCRIPT": script, "COLUMNS": String(columns)])
    }

    @Test func aDeleteAsksOnATerminalAndDoesNothingUnlessTheAnswerIsYes() async throws {
        try await withDaemon { daemon, _ in
            #expect(try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"]).exitCode == 0)
            let declined = try await Self.onTerminal(daemon, ["city", "delete", "Utena"], answer: "n")
            #expect(declined.stdout.contains("Delete city Utena?"), "\(declined.stdout) \(declined.stderr)")
            #expect(declined.exitCode == 1 && declined.stdout.contains("nothing deleted"))
            #expect(try await daemon.ctl(["city", "show", "Utena"]).exitCode == 0, "still there")
            let confirmed = try await Self.onTerminal(daemon, ["city", "delete", "Utena"], answer: "ja")
            #expect(confirmed.exitCode == 0, "\(confirmed.stdout)")
            #expect(try await daemon.ctl(["city", "show", "Utena"]).exitCode == 1, "gone")
            // In a script (no terminal) or with --yes nothing is asked.
            #expect(try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"]).exitCode == 0)
            let yes = try await Self.onTerminal(daemon, ["city", "delete", "Utena", "--yes"], answer: "")
            #expect(yes.exitCode == 0 && !yes.stdout.contains("[y/N]"), "\(yes.stdout)")
            // A Swedish reader is asked and told in Swedish.
            let added = try await daemon.ctl(["--lang", "sv", "city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
            #expect(added.stderr.isEmpty && added.exitCode == 0, "\(added.stderr)")
            let swedish = try await Self.onTerminal(daemon, ["--lang", "sv", "city", "delete", "Utena"], answer: "nej")
            #expect(swedish.stdout.contains("Ta bort stad Utena? Det går inte att ångra. [j/N]"), "\(swedish.stdout)")
            #expect(swedish.exitCode == 1 && swedish.stdout.contains("inget togs bort"), "\(swedish.stdout)")
            let gone = try await daemon.ctl(["--lang", "sv", "--json", "city", "delete", "Utena"])
            #expect(gone.exitCode == 0 && (gone.stdout + gone.stderr).contains("har tagits bort"), "\(gone.stdout) \(gone.stderr)")
        }
    }

    @Test func aListOnATerminalFitsItsWidthAndDatedRecordsComeByDate() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let shown = try await Self.onTerminal(daemon, ["visit", "list"], answer: "", columns: 100)
            let lines = shown.stdout.split(whereSeparator: \.isNewline)
            #expect(lines.count >= 4, "\(shown.stdout)")
            #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.map(\.count))")
            #expect(lines.first?.hasPrefix("id") == true && lines.first?.contains("notes") == false, "the brief columns: \(lines.first ?? "")")
            let wide = try await Self.onTerminal(daemon, ["visit", "list", "--wide"], answer: "", columns: 100)
            #expect(wide.stdout.contains("notes"))
            let chosen = try await Self.onTerminal(daemon, ["visit", "list", "--columns", "id,city,from"], answer: "", columns: 100)
            #expect(chosen.stdout.split(whereSeparator: \.isNewline).first?.split(separator: " ", omittingEmptySubsequences: true) == ["id", "city", "from"])
            // A Swedish reader's terminal heads the columns in Swedish; a pipe keeps the keys.
            let swedish = try await Self.onTerminal(daemon, ["--lang", "sv", "visit", "list", "--columns", "id,city,from,participants"], answer: "", columns: 100)
            #expect(swedish.stdout.split(whereSeparator: \.isNewline).first?.split(separator: " ", omittingEmptySubsequences: true)
                == ["id", "stad", "från", "deltagare"], "\(swedish.stdout)")
            let swedishPipe = try await daemon.ctl(["--lang", "sv", "visit", "list"])
            #expect(swedishPipe.stdout.split(separator: "\n").first?.contains("\tcity\t") == true, "\(swedishPipe.stdout)")
            // A pipe gets every column and every character.
            let piped = try await daemon.ctl(["visit", "list"])
            #expect(piped.stdout.split(separator: "\n").first?.contains("notes") == true)
            // On a terminal by date (an export keeps id order, for a round trip by id).
            let dated = try await Self.onTerminal(daemon, ["visit", "list", "--columns", "from,id"], answer: "", columns: 100)
            let dates = dated.stdout.split(whereSeparator: \.isNewline).dropFirst(2).compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(dates.count >= 3 && dates == dates.sorted(), "by date: \(dates)")
        }
    }

    /// One answer names every mistake of a record: each field that does not read and each
    /// name that finds no record, in the order of the noun's fields, and nothing is written.
    @Test func everyFieldErrorOfARecordIsToldAtOnce() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"]])
            let bad = try await daemon.ctl([
                "visit", "add", "--city", "Atlantis", "--direction", "sideways", "--from", "2027-13-01", "--to", "2027-05-09",
                "--participants", "-3", "--cost", "12,345",
            ])
            #expect(bad.exitCode == 1)
            let told = bad.stderr
            for field in ["direction: 'sideways'", "city: 'Atlantis'", "from: '2027-13-01'", "participants: '-3'", "cost: '12,345'"] {
                #expect(told.contains(field), "\(field) in \(told)")
            }
            #expect(told.hasPrefix("vanortctl: 422 INVALID direction: "), "the first in the noun's order: \(told)")
            #expect(told.split(separator: ";").count == 5, "\(told)")
            #expect(told.hasSuffix("(--direction, --city, --from, --participants, --cost)\n"), "the options as typed: \(told)")
            #expect(try await daemon.ctl(["visit", "list"]).stdout.split(separator: "\n").count <= 1, "nothing was written")
            // In Swedish, the same refusal in the reader's words; the fields keep their keys.
            let swedish = try await daemon.ctl([
                "--lang", "sv", "visit", "add", "--city", "Atlantis", "--direction", "sideways", "--from", "2027-13-01", "--to", "2027-05-09",
            ])
            for text in ["direction: 'sideways' måste vara något av inkommande, utgående (eller incoming, outgoing)",
                         "city: 'Atlantis' finns inte i registret (stad)", "from: '2027-13-01' måste vara ett riktigt datum som ÅÅÅÅ-MM-DD"] {
                #expect(swedish.stderr.contains(text), "\(text) in \(swedish.stderr)")
            }
            let missing = try await daemon.ctl(["--lang", "sv", "visit", "show", "99"])
            #expect(missing.stderr.contains("404 NOTFOUND besök '99' finns inte"), "\(missing.stderr)")
            let twice = try await daemon.ctl(["--lang", "sv", "city", "add", "--name", "kecskemet", "--country", "HU", "--timezone", "Europe/Budapest"])
            #expect(twice.stderr.contains("409 CONFLICT stad finns redan i registret som"), "\(twice.stderr)")
            // Put right, the same command goes through.
            let good = try await daemon.ctl([
                "visit", "add", "--city", "Kecskemét", "--direction", "utgående", "--from", "2027-05-01", "--to", "2027-05-09",
                "--participants", "3", "--cost", "12,35",
            ])
            #expect(good.exitCode == 0, "\(good.stderr)")
        }
    }
}
