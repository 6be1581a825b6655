import Foundation
import ArgumentParser
import VanortDomain
import VanortProtocol

/// The verbs of a noun whose commands are not the register's: each verb's options and
/// whether it takes an id. Turns what follows the verb into the request, or a usage error.
struct VerbTable {
    let noun: String
    /// What names the positional argument in errors (`a reminder id`).
    let idName: String
    let verbs: [String: (options: Set<String>, positional: Int)]

    /// How help names the positional argument (`ID`, `YEAR`).
    let argument: String

    /// The verbs of `noun` as `CommandCatalog` declares them for the daemon.
    init(noun: String, idName: String, argument: String = "ID") {
        self.noun = noun
        self.idName = idName
        self.argument = argument
        verbs = CommandCatalog.verbs(of: noun).mapValues { ($0.options, $0.arguments.upperBound) }
    }

    /// `  verb   summary` lines for a command's help.
    var help: String {
        let specs = CommandCatalog.verbs(of: noun).sorted { $0.key < $1.key }
            .map { verb, spec in (spec.arguments.upperBound > 0 ? "\(verb) \(argument)" : verb, spec) }
        let width = (specs.map(\.0.count).max() ?? 0) + 2
        return specs.map { verb, spec in
            let flags = spec.options.sorted().map { "--\($0)" }.joined(separator: " ")
            return "  \(verb.padding(toLength: width, withPad: " ", startingAt: 0))\(spec.summary)" + (flags.isEmpty ? "" : "\n  \(String(repeating: " ", count: width))\(flags)")
        }.joined(separator: "\n")
    }

    func request(
        _ verb: String, _ arguments: [String], globals: inout GlobalOptions, helpFor command: any ParsableCommand.Type
    ) throws -> Request {
        let parsed = try FlagArguments.parse(arguments, globals: &globals, helpFor: command)
        guard let shape = verbs[verb] else {
            let guess = EditDistance.suggestion(for: verb, among: verbs.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("\(noun) has no verb '\(verb)' (\(verbs.keys.sorted().joined(separator: ", ")))\(guess)")
        }
        guard parsed.positional.count == shape.positional else {
            throw ValidationError(shape.positional == 1 ? "\(noun) \(verb) needs \(idName)" : "unexpected argument '\(parsed.positional[0])'")
        }
        if let unknown = parsed.options.first(where: { !shape.options.contains($0.key) }) {
            throw ValidationError("\(noun) \(verb) has no option --\(unknown.key)" + didYouMean(unknown.key, shape.options))
        }
        return Request(words: [noun, verb] + parsed.positional, options: parsed.options)
    }
}

/// A command whose verbs a `VerbTable` describes (`reminder`, `token`, `audit`, `calendar`,
/// `person`, `report`): what follows the verb becomes the request the same way for all.
protocol VerbCommand: AsyncParsableCommand {
    static var verbs: VerbTable { get }
    var verb: String { get }
    var arguments: [String] { get }
    var globals: GlobalOptions { get }
}

extension VerbCommand {
    /// The request, and the global options as flags after the verb left them.
    func parsedRequest() throws -> (request: Request, globals: GlobalOptions) {
        var globals = self.globals
        let request = try Self.verbs.request(verb, arguments, globals: &globals, helpFor: Self.self)
        return (request, globals)
    }
}

/// `; did you mean --city?` when `key` is a near miss of one of `options`, else nothing.
func didYouMean(_ key: String, _ options: Set<String>) -> String {
    EditDistance.suggestion(for: key, among: options.sorted()).map { "; did you mean --\($0)?" } ?? ""
}
