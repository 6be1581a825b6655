import ArgumentParser
import Foundation
import VanortClient
import VanortDomain
import VanortProtocol

/// Names one noun of the register for `RegisterCommand`.
protocol RegisterNoun {
    static var noun: String { get }
}

enum CityNoun: RegisterNoun { static let noun = "city" }
enum AgreementNoun: RegisterNoun { static let noun = "agreement" }
enum AssociationNoun: RegisterNoun { static let noun = "association" }
enum ContactNoun: RegisterNoun { static let noun = "contact" }
enum VisitNoun: RegisterNoun { static let noun = "visit" }
enum ExchangeNoun: RegisterNoun { static let noun = "exchange" }
enum ParticipantNoun: RegisterNoun { static let noun = "participant" }
enum NetworkNoun: RegisterNoun { static let noun = "network" }
enum PlanNoun: RegisterNoun { static let noun = "plan" }
enum ActivityNoun: RegisterNoun { static let noun = "activity" }
enum RuleNoun: RegisterNoun { static let noun = "rule" }
enum GrantNoun: RegisterNoun { static let noun = "grant" }
enum CostNoun: RegisterNoun { static let noun = "cost" }
enum AmendmentNoun: RegisterNoun { static let noun = "amendment" }

/// `vanortctl <noun> <verb> [ID] [--field value ...]` for every noun of the register.
/// The flags are the noun's keys in `RegisterCatalog`, checked here before anything is sent.
struct RegisterCommand<N: RegisterNoun>: AsyncParsableCommand {
    static var spec: RegisterCatalog.NounSpec? { RegisterCatalog.spec(N.noun) }

    static var configuration: CommandConfiguration {
        let spec = Self.spec
        func lines(_ options: [RegisterCatalog.Option]) -> String {
            // Keys are never cut: the column is as wide as the longest.
            let width = max(18, (options.map(\.key.count).max() ?? 0) + 1)
            return options.map { "  --\($0.key.padding(toLength: width, withPad: " ", startingAt: 0)) \($0.help)" }.joined(separator: "\n")
        }
        let discussion = """
            Verbs:
              add --field value ... [--allow-duplicate]
                                             add a record; prints it, id first (one that
                                             is already there is refused, naming it)
              show ID|NAME                   one record
              list [filters] [--search TEXT] [--limit N]
                                             records; --search ignores case and diacritics,
                                             --limit lists the newest N, newest first
              update ID|NAME --field value ... [--if-version N]
              delete ID|NAME

            Fields (add, update):
            \(lines(spec?.fields ?? []))

            Filters (list):
            \(lines(spec?.filters ?? []))
            \((spec?.verbs ?? []).map { "\n\($0.words.joined(separator: " ")): \($0.summary)\n" + lines($0.options) }.joined())
            """
        return CommandConfiguration(commandName: N.noun, abstract: spec?.summary ?? "", discussion: discussion)
    }

    @Argument(help: "add, show, list, update or delete")
    var verb: String

    @Argument(parsing: .captureForPassthrough, help: "An id or name for show/update/delete, then --field value pairs.")
    var arguments: [String] = []

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        var globals = self.globals
        let parsed = try FlagArguments.parse(arguments, globals: &globals, helpFor: Self.self)
        guard let spec = Self.spec else { throw ValidationError("unknown noun \(N.noun)") }
        if let own = spec.verbs.first(where: { $0.words == [verb] + parsed.positional }) {
            let allowed = Set(own.options.map(\.key))
            if let unknown = parsed.options.first(where: { !allowed.contains($0.key) }) {
                throw ValidationError("\(N.noun) \(own.words.joined(separator: " ")) has no option --\(unknown.key)" + didYouMean(unknown.key, allowed))
            }
            try await globals.invocation.run(Request(words: [N.noun] + own.words, options: parsed.options), single: true).finish()
            return
        }
        let verbs = ["add", "show", "list", "update", "delete"] + Set(spec.verbs.map { $0.words.joined(separator: " ") }).sorted()
        guard let allowed = RegisterCatalog.options(verb: verb, of: spec), verb != "import" else {
            let typed = ([verb] + parsed.positional.prefix(1)).joined(separator: " ")
            let guess = EditDistance.suggestion(for: verb, among: verbs).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("\(N.noun) has no verb '\(typed)' (\(verbs.joined(separator: ", ")))\(guess)")
        }
        let positional = ["show", "delete", "update"].contains(verb) ? 1 : 0
        guard parsed.positional.count == positional else {
            throw ValidationError(positional == 1 ? "\(N.noun) \(verb) needs an id or name" : "unexpected argument '\(parsed.positional[0])'")
        }
        if let unknown = parsed.options.first(where: { !allowed.contains($0.key) }) {
            throw ValidationError("\(N.noun) \(verb) has no option --\(unknown.key)" + didYouMean(unknown.key, allowed))
        }
        let request = Request(words: [N.noun, verb] + parsed.positional, options: parsed.options)
        let single = verb != "list"
        var invocation = try globals.invocation
        if verb == "list" {
            invocation.columns = globals.shownColumns(brief: spec.brief)
            invocation.sortColumn = spec.dateColumn
        }
        if verb == "delete" {
            let language = try globals.language ?? .en
            let noun = language == .en ? N.noun : Catalogue.text("noun.\(N.noun)", language)
            guard globals.confirm(Catalogue.text("ask.delete", language, ["noun": noun, "id": parsed.positional[0]])) else {
                FileHandle.standardError.write(Data("vanortctl: \(Catalogue.text("say.nothing-deleted", language))\n".utf8))
                throw ExitCode(1)
            }
            try await invocation.run(request).finish()
        } else {
            try await invocation.run(request, single: single).finish()
        }
    }
}

/// `vanortctl agenda [--days N] [--city NAME] [--association NAME]`.
struct Agenda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything coming within N days, by date: visits and exchanges (under way too), activities, reviews, jubilees.",
        discussion: "The missing column says what the office still lacks: a responsible contact, guardian consent, a report, an owner, or a reminder.")
    @Option(parsing: .unconditional, help: "How many days ahead (default 30).") var days: Int?
    @Option(help: "Only what concerns this partner city (name or id).") var city: String?
    @Option(help: "Only this association's visits and exchanges (name or id).") var association: String?
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        var options: [(key: String, value: String)] = []
        if let days { options.append(("days", String(days))) }
        if let city { options.append(("city", city)) }
        if let association { options.append(("association", association)) }
        try await globals.invocation.run(Request(words: ["agenda"], options: options)).finish()
    }
}

/// `vanortctl upcoming [--days N]`.
struct Upcoming: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Visits and exchanges under way or starting within N days, soonest first.")
    @Option(parsing: .unconditional, help: "How many days ahead (default 30).") var days: Int?
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        var options: [(key: String, value: String)] = []
        if let days { options.append(("days", String(days))) }
        try await globals.invocation.run(Request(words: ["upcoming"], options: options)).finish()
    }
}
