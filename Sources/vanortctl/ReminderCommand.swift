import ArgumentParser
import Foundation
import VanortClient
import VanortProtocol

/// `vanortctl reminder <verb> [ID] [--flag value ...]`.
struct ReminderCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminder",
        abstract: "Reminders to staff: list, inspect, add, acknowledge, snooze, cancel, preview, watch.",
        discussion: """
            Verbs:
              list [--state pending|sent|acked|failed|cancelled] [--due-before DATE|TIME] [--about visit:ID] [--rule NAME] [--limit N]
              show ID                        one reminder
              deliveries ID                  every delivery attempt of a reminder
              add --at TIME [--about visit:ID] [--note TEXT] [--to CONTACT] [--timezone ZONE]
              ack ID                         mark a sent or failed reminder as dealt with
              snooze ID --until TIME         fire it again then
              cancel ID                      stop a pending reminder
              preview [--days 30]            what will fire, with subjects and recipients
              watch                          print reminders as they fire (Ctrl-C ends)

            TIME is YYYY-MM-DDTHH:MM[:SS], in the home city's zone unless --timezone is given or it ends in Z or +HH:MM.
            """)

    static let verbs = VerbTable(noun: "reminder", idName: "a reminder id", verbs: [
        "list": (["state", "due-before", "about", "rule", "limit", "timezone"], 0),
        "show": ([], 1), "deliveries": ([], 1), "ack": ([], 1), "cancel": ([], 1),
        "add": (["at", "about", "note", "to", "timezone"], 0),
        "snooze": (["until", "timezone"], 1),
        "preview": (["days", "limit"], 0),
        "watch": ([], 0),
    ])

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
