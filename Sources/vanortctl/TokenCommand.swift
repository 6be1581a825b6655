import VanortClient
import ArgumentParser
import VanortProtocol

/// `vanortctl token create|list|revoke`: remote access tokens (administrators only).
struct TokenCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Remote access tokens for the TCP+TLS listener: create, list, revoke.",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "token", idName: "a token id")

    @Argument(help: "create, list or revoke")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "A token id for revoke, then --flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        try await globals.invocation.run(request, single: verb != "list").finish()
    }
}
