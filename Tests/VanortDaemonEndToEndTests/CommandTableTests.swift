import Foundation
import Testing
import VanortClient
import VanortProtocol
import VanortTestSupport

/// One command table for daemon and CLI: every command the daemon runs is declared in the
/// catalogs both sides compile (`CommandCatalog`, `RegisterCatalog`) with the same options,
/// and vanortctl has a form of it with its own `--help` naming the verb.
@Suite struct CommandTableTests {
    /// vanortctl's own commands that are the protocol's single words.
    static let singleWords: Set<String> = ["ping", "status", "metrics", "upcoming", "agenda"]

    @Test func everyDaemonCommandIsDeclaredForBothSidesAndHasItsOwnHelp() async throws {
        try await withDaemon { daemon, _ in
            let help = try await AdminSession.with(socketPath: daemon.socketPath) { try await $0.send(line: "HELP") }
            let listed = (help.table?.rows ?? []).compactMap { row -> (name: String, options: Set<String>)? in
                guard case .string(let name) = row.first, name.lowercased() == name, case .string(let options) = row[1] else { return nil }
                return (name, Set(options.split(separator: ",").map(String.init)))
            }
            #expect(listed.count > 60)
            var declared: [String: Set<String>] = [:]
            for spec in CommandCatalog.commands { declared[spec.name] = spec.options }
            for noun in RegisterCatalog.nouns {
                for verb in ["add", "show", "list", "update", "delete"] {
                    declared["\(noun.noun) \(verb)"] = RegisterCatalog.options(verb: verb, of: noun)
                }
                declared["import \(noun.noun)"] = RegisterCatalog.options(verb: "import", of: noun)
                for verb in noun.verbs { declared[([noun.noun] + verb.words).joined(separator: " ")] = Set(verb.options.map(\.key)) }
            }
            // HELP lists itself among the fixed rows (HELLO, QUIT, HELP).
            #expect(Set(listed.map(\.name)).union(["help"]) == Set(declared.keys), "the daemon runs exactly the declared commands")
            for command in listed {
                #expect(declared[command.name] == command.options, "\(command.name): the daemon and the declaration disagree on options")
            }

            let vanortctl = DaemonProcess.binDirectory.appendingPathComponent("vanortctl")
            var helped: Set<String> = []
            for command in listed where command.name != "help" {
                let words = command.name.split(separator: " ").map(String.init)
                let head = words[0] == "import" ? "import" : words[0]
                guard !helped.contains(head) else { continue }
                helped.insert(head)
                let result = try await CommandResult.run(vanortctl, [head, "--help"])
                #expect(result.exitCode == 0, "vanortctl \(head) --help: \(result.stderr)")
                if words.count == 2, words[0] != "import", !Self.singleWords.contains(head) {
                    #expect(result.stdout.contains(words[1]), "vanortctl \(head) --help names \(words[1])")
                }
            }
            let root = try await CommandResult.run(vanortctl, ["--help"])
            for head in helped { #expect(root.stdout.contains(head), "vanortctl --help lists \(head)") }
            let completion = try await CommandResult.run(vanortctl, ["--generate-completion-script", "bash"])
            #expect(completion.exitCode == 0)
            #expect(completion.stdout.contains("grant"), "shell completion knows every noun")
        }
    }
}
