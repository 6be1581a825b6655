import ArgumentParser
import Foundation
import VanortClient
import VanortDomain
import VanortProtocol

/// `vanortctl report review|year`: Markdown for people, `--csv`/`--json` for spreadsheets.
struct ReportCommand: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for the partnership review and the municipal board: Markdown, or CSV/JSON with --csv/--json.",
        discussion: "Verbs:\n" + verbs.help)

    static let verbs = VerbTable(noun: "report", idName: "a year", argument: "YEAR")

    @Argument(help: "review or year")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "A year for 'year', then --flag value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let (request, globals) = try parsedRequest()
        let format = globals.format
        let language = try globals.language ?? .en
        let title = verb == "year"
            ? Catalogue.text("report.title.year", language, ["year": request.words.last ?? ""])
            : Catalogue.text("report.title.review", language, ["city": request.option("city") ?? ""])
        try await globals.invocation.exchange(request) { reply in
            guard let table = reply.table else { return reply.message + "\n" }
            guard format == .table || format == .tsv else { return OutputRenderer.render(table, as: format) }
            return OutputRenderer.markdown(
                table, title: title, heading: { Catalogue.text("report.section.\($0)", language) },
                column: { Catalogue.text("report.column.\($0)", language) }, nothing: Catalogue.text("report.nothing", language))
        }.finish()
    }
}
