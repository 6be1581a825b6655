import ArgumentParser
import VanortClient
import VanortProtocol

/// `vanortctl calendar export`: visits and exchanges as an iCalendar file; `calendar
/// subscribe|feeds|unsubscribe`: the secret feed addresses calendar programs read.
struct CalendarCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Visits and exchanges as RFC 5545 iCalendar, for a calendar program to import or subscribe to.",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "calendar", idName: "a feed id")

    @Argument(help: "export, subscribe, feeds or unsubscribe")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "A feed id for unsubscribe, then --flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        guard verb == "export" else {
            try await globals.invocation.run(request, single: verb != "feeds").finish()
            return
        }
        try await globals.invocation.exchange(request) { OutputRenderer.lines($0.table, ending: "\r\n") }.finish()
    }
}
