import ArgumentParser
import VanortClient
import VanortProtocol

/// `vanortctl account invite|list|disable`: the people who sign in to the web face
/// (administrators only).
struct AccountCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Web face accounts: invite a person (a one-time link by mail), list, disable.",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "account", idName: "an account id")

    @Argument(help: "invite, list or disable")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "An account id for disable, then --flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        try await globals.invocation.run(request, single: verb != "list").finish()
    }
}
