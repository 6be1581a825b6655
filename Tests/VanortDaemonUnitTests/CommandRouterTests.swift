import Logging
import Testing
import VanortDomain
import VanortPostgres
import VanortProtocol
import VanortStore
@testable import VanortDaemon

/// How the router picks a command, refuses a role, checks a request's shape and turns a
/// handler's error into a reply: in-process, with handlers that only report what reached them.
@Suite struct CommandRouterTests {
    static let staff = Principal(role: .staff, actor: "uid:1001")
    static let association = Principal(role: .association, actor: "token:4", associationID: 2)

    /// A router over a few commands whose handlers echo the words and arguments they got.
    static func router(throwing error: (any Error & Sendable)? = nil) -> CommandRouter {
        let echo: @Sendable (Request, Principal) async throws -> Reply = { request, principal in
            if let error { throw error }
            return Reply(.ok, "\(request.words.joined(separator: " ")) as \(principal.role.rawValue)")
        }
        return CommandRouter(
            commands: [
                Command(["city"], arguments: 0...0, roles: [.staff, .admin], summary: "cities", handler: echo),
                Command(["city", "add"], options: ["name", "country"], roles: [.staff, .admin], changes: .ok, summary: "add", handler: echo),
                Command(["city", "show"], arguments: 1...1, roles: [.staff, .admin, .association], summary: "show", handler: echo),
                Command(["token", "create"], options: ["role"], roles: [.admin], changes: .ok, summary: "token", handler: echo),
            ],
            logger: Logger(label: "test"), audit: nil)
    }

    static func request(_ line: String) throws -> Request {
        try RequestParser.parse(line)
    }

    @Test func theLongestMatchingCommandWinsWhateverTheCase() async throws {
        let reply = await Self.router().route(try Self.request("CITY Add name=Utena"), as: Self.staff)
        #expect(reply == Reply(.ok, "CITY Add as staff"))
        #expect(await Self.router().route(try Self.request("city"), as: Self.staff).status == .ok)
    }

    @Test func anUnknownVerbListsTheVerbsOfItsNoun() async throws {
        let reply = await Self.router().route(try Self.request("token remove 3"), as: Self.staff)
        #expect(reply == Reply(.syntax, "unknown command 'token remove'; token takes: create"))
    }

    @Test func anUnknownCommandPointsToHelp() async throws {
        let reply = await Self.router().route(try Self.request("frobnicate"), as: Self.staff)
        #expect(reply == Reply(.syntax, "unknown command 'frobnicate'; HELP lists the commands"))
    }

    @Test func aRoleThatMayNotRunACommandIsDeniedBeforeItsShapeIsChecked() async throws {
        let reply = await Self.router().route(try Self.request("token create bogus=1 extra"), as: Self.staff)
        #expect(reply == Reply(.denied, "the staff role may not run 'token create'"))
        let association = await Self.router().route(try Self.request("city add name=Utena"), as: Self.association)
        #expect(association.status == .denied)
    }

    @Test func theWrongNumberOfArgumentsIsNamed() async throws {
        let none = await Self.router().route(try Self.request("city show"), as: Self.staff)
        #expect(none == Reply(.syntax, "city show takes 1 argument(s), got 0"))
        let two = await Self.router().route(try Self.request("city show Utena Xindu"), as: Self.staff)
        #expect(two == Reply(.syntax, "city show takes 1 argument(s), got 2"))
    }

    @Test func anUnknownOptionIsRefusedListingTheKnownOnesButFormatIsAlwaysAllowed() async throws {
        let reply = await Self.router().route(try Self.request("city add name=Utena cty=LT"), as: Self.staff)
        #expect(reply == Reply(.syntax, "city add has no option 'cty' (options: country, name)"))
        #expect(await Self.router().route(try Self.request("city add name=Utena format=json"), as: Self.staff).status == .ok)
    }

    @Test func aCommandErrorIsA400AndAnErrorWithItsOwnReplyKeepsIt() async throws {
        let syntax = await Self.router(throwing: CommandError("needs a name")).route(try Self.request("city add"), as: Self.staff)
        #expect(syntax == Reply(.syntax, "needs a name"))
        let invalid = await Self.router(throwing: ValidationError(field: "country", value: "Sverige", rule: "must be a two-letter code"))
            .route(try Self.request("city add"), as: Self.staff)
        #expect(invalid.status == .invalid)
        #expect(invalid.field == "country")
    }

    @Test func aLostDatabaseIs503AndSaysNothingWasWritten() async throws {
        let reply = await Self.router(throwing: PostgresError.connectionLost("server closed the connection"))
            .route(try Self.request("city add"), as: Self.staff)
        #expect(reply == Reply(.databaseDown, "the database is unreachable; nothing was written"))
    }

    /// The store tells a constraint's refusal as a `StoreError` (`StoreError(_:noun:)`); the
    /// router answers it as it answers any error that knows its reply.
    @Test func constraintViolationsSpeakOfRecordsNeverOfTablesKeysOrSQLStates() async throws {
        func told(_ error: PostgresError, _ noun: String = "city") throws -> StoreError {
            guard case .server(let server) = error else { throw error }
            return try #require(StoreError(server, noun: noun))
        }
        let duplicate = PostgresError.server(PostgresServerError(
            sqlState: "23505", message: "duplicate key value violates unique constraint \"city_name_country_key\"",
            detail: "Key (name, country)=(Utena, LT) already exists."))
        let twin = await Self.router(throwing: try told(duplicate)).route(try Self.request("city add"), as: Self.staff)
        #expect(twin == Reply(.conflict, "this city is already in the register as another city with name and country Utena, LT"))
        let referenced = PostgresError.server(PostgresServerError(
            sqlState: "23503", message: "update or delete on table \"city\" violates foreign key constraint",
            detail: "Key (id)=(4) is still referenced from table \"agreement_party\"."))
        let held = await Self.router(throwing: try told(referenced)).route(try Self.request("city show 4"), as: Self.staff)
        #expect(held == Reply(.conflict, "city 4 is still named by agreements; change or delete those first"))
        let funded = PostgresError.server(PostgresServerError(
            sqlState: "23503", message: "update or delete on table \"city\" violates foreign key constraint",
            detail: "Key (id)=(7) is still referenced from table \"visit\"."))
        let heldByVisits = await Self.router(throwing: try told(funded)).route(try Self.request("city show 7"), as: Self.staff)
        #expect(heldByVisits == Reply(.conflict, "city 7 is still named by visits; change or delete those first"), "declared nouns name their own records")
        let heldInSwedish = await Self.router(throwing: try told(funded)).route(try Self.request("city show 7 lang=sv"), as: Self.staff)
        #expect(heldInSwedish == Reply(.conflict, "stad 7 nämns fortfarande av besök; ändra eller ta bort dem först"))
        let check = PostgresError.server(PostgresServerError(sqlState: "23514", message: "new row for relation \"city\" violates check", column: "population"))
        let invalid = await Self.router(throwing: try told(check)).route(try Self.request("city add"), as: Self.staff)
        #expect(invalid.status == .invalid)
        #expect(invalid.field == "population")
        // What the server says reaches no user: a server error the store did not tell is a 500.
        let untold = await Self.router(throwing: check).route(try Self.request("city add"), as: Self.staff)
        #expect(untold == Reply(.internal, "internal error; see the daemon's log"))
        for reply in [twin, held, invalid] {
            for leak in ["Key (", "agreement_party", "SQLSTATE", "constraint", "relation"] {
                #expect(!reply.message.contains(leak), "\(reply.message)")
            }
        }
    }

    @Test func anyOtherErrorIsA500ThatPointsToTheLogAndShowsNoInternals() async throws {
        struct Surprise: Error {}
        let reply = await Self.router(throwing: Surprise()).route(try Self.request("city add"), as: Self.staff)
        #expect(reply == Reply(.internal, "internal error; see the daemon's log"))
    }
}
