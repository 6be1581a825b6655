import ArgumentParser
import Foundation
import VanortClient
import VanortProtocol

/// `vanortctl reminder <verb> [ID] [--flag value ...]`.
struct ReminderCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminder",
        abstract: "Reminders to staff: list, inspect, add, acknowledge, snooze, cancel, preview, watch.",
        discussion: "Verbs:\n" + verbs.help + """


            TIME is YYYY-MM-DDTHH:MM[:SS], in the home city's zone unless --timezone is given or it ends in Z or +HH:MM.
            """)

    static let verbs = VerbTable(noun: "reminder", idName: "a reminder id")

    @Argument(help: "list, show, deliveries, add, ack, snooze, cancel, preview or watch")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "An id where the verb takes one, then --flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        guard verb == "watch" else {
            try await globals.invocation.run(request, single: !["list", "deliveries", "preview"].contains(verb)).finish()
            return
        }
        let json = globals.format == .json
        try await globals.invocation.stream(request) { line in
            let text = json ? line : Self.humanLine(line)
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }.finish()
    }

    /// `2027-04-20T07:00:00.000Z  #12  visit:3  Subject (late 42 s)` from an event's JSON.
    static func humanLine(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        let late = (object["late_seconds"] as? Double).map { $0 >= 1 ? " (late \(Int($0)) s)" : "" } ?? ""
        let about = (object["about"] as? String).map { "  \($0)" } ?? ""
        return "\(object["due_at"] as? String ?? "")  #\(object["id"] as? Int ?? 0)\(about)  \(object["subject"] as? String ?? "")\(late)"
    }
}
