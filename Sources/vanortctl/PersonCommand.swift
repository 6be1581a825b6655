import ArgumentParser
import Foundation
import VanortClient
import VanortDomain
import VanortProtocol

/// `vanortctl person export|erase`: one person's data under GDPR (docs/privacy.md).
struct PersonCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "One person's personal data: export it (GDPR Art. 15) or erase it everywhere (Art. 17).",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "person", idName: "nothing")

    @Argument(help: "export or erase")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "--participant ID or --contact ID.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        guard verb == "export" else {
            let who = request.options.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let language = try globals.language ?? .en
            guard globals.confirm(Catalogue.text("ask.erase", language, ["who": who])) else {
                FileHandle.standardError.write(Data("vanortctl: \(Catalogue.text("say.nothing-erased", language))\n".utf8))
                throw ExitCode(1)
            }
            return try await globals.invocation.run(request).finish()
        }
        try await globals.invocation.exchange(request) { reply in
            guard case .string(let document)? = reply.table?.rows.first?.first else { return "" }
            return document + "\n"
        }.finish()
    }
}
