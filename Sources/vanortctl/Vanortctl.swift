import ArgumentParser
import VanortClient
import VanortProtocol

/// `vanortctl`: the command-line client of vanortd's admin socket.
@main
struct Vanortctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanortctl",
        abstract: "Query and maintain the twin-town register through vanortd's admin socket.",
        discussion: "Exit codes: 0 success, 1 the daemon refused or failed the command, 2 could not reach or understand the daemon, 64 usage error.",
        subcommands: [
            Ping.self, Status.self, Metrics.self, Agenda.self, Upcoming.self, Export.self, Import.self,
            RegisterCommand<CityNoun>.self, RegisterCommand<AgreementNoun>.self, RegisterCommand<AssociationNoun>.self,
            RegisterCommand<ContactNoun>.self, RegisterCommand<VisitNoun>.self, RegisterCommand<ExchangeNoun>.self,
            RegisterCommand<ParticipantNoun>.self, RegisterCommand<NetworkNoun>.self, RegisterCommand<PlanNoun>.self,
            RegisterCommand<ActivityNoun>.self, RegisterCommand<RuleNoun>.self, RegisterCommand<GrantNoun>.self, RegisterCommand<CostNoun>.self, RegisterCommand<AmendmentNoun>.self, ReminderCommand.self, TokenCommand.self, AccountCommand.self, AuditCommand.self, CalendarCommand.self, PersonCommand.self, ReportCommand.self,
        ]
    )
    @OptionGroup var globals: GlobalOptions
}

struct Ping: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check that vanortd answers.")
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        try await globals.invocation.run(Request(words: ["PING"])).finish()
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the daemon's, the database's and the reminders' state.")
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        let format = globals.format
        try await globals.invocation.exchange(Request(words: ["STATUS"])) { reply in
            guard let table = reply.table else { return reply.message + "\n" }
            return format == .json ? StatusDocument.json(from: table) : OutputRenderer.render(table, as: format, single: true)
        }.finish()
    }
}

struct Metrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the daemon's metrics in Prometheus text format (for a textfile collector or a quick look).")
    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        try await globals.invocation.exchange(Request(words: ["metrics"])) { OutputRenderer.lines($0.table) }.finish()
    }
}
