import ArgumentParser
import VanortProtocol

/// `vanortctl token create|list|revoke`: remote access tokens (administrators only).
struct TokenCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Remote access tokens for the TCP+TLS listener: create, list, revoke.",
        discussion: """
            Verbs:
              create --role admin|staff|association [--association NAME] [--expires DATE|TIME] [--note TEXT]
                                             prints the token once; only its hash is kept
              list                           every token with role, expiry and state
              revoke ID                      revoke a token for good
            """)

    static let verbs = VerbTable(noun: "token", idName: "a token id", verbs: [
        "create": (["role", "association", "expires", "note", "timezone"], 0),
        "list": ([], 0),
        "revoke": ([], 1),
    ])

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
