import VanortClient
import ArgumentParser
import VanortProtocol

/// `vanortctl audit list`: who changed what, and what was denied (administrators only).
struct AuditCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: every change and every denied attempt, newest first.",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "audit", idName: "nothing")

    @Argument(help: "list")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "--flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        try await globals.invocation.run(request).finish()
    }
}
