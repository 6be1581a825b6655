import Testing
import VanortDomain
import VanortProtocol
@testable import VanortDaemon

/// The session layer's transitions, in-process: no socket, no database, no sleeping.
@Suite struct SessionMachineTests {
    typealias Action = SessionMachine.Action

    static let limits = SessionMachine.Limits(maxLineBytes: 64, handshakeTimeoutSeconds: 10)
    static let admin = Principal(role: .admin, actor: "uid:0")
    static let staff = Principal(role: .staff, actor: "token:3")

    /// A Unix session already greeted as `principal`.
    static func unix(_ principal: Principal = admin, watchRoles: Set<Role> = []) -> SessionMachine {
        var machine = SessionMachine(transport: .unix, limits: limits, watchRoles: watchRoles)
        _ = machine.opened(as: principal)
        return machine
    }

    /// A TCP session greeted and not yet authenticated.
    static func tcp() -> SessionMachine {
        var machine = SessionMachine(transport: .tcp(peer: "192.0.2.7:4100"), limits: limits)
        _ = machine.opened(as: nil)
        return machine
    }

    /// The text of the one action that writes, and whether it closes.
    static func written(_ actions: [Action]) -> (text: String, closes: Bool)? {
        for action in actions {
            switch action {
            case .send(let text): return (text, false)
            case .sendAndClose(let text): return (text, true)
            default: continue
            }
        }
        return nil
    }

    static func line(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aUnixSessionIsGreetedWithItsRoleAndNoDeadline() {
        var machine = SessionMachine(transport: .unix, limits: Self.limits)
        let actions = machine.opened(as: Self.admin)
        #expect(actions.count == 1)
        #expect(Self.written(actions)?.text.hasPrefix("200 VANORT proto=\(ProtocolVersion.major) version=") == true)
        #expect(Self.written(actions)?.text.hasSuffix("role=admin\n") == true)
    }

    @Test func aTCPSessionIsGreetedAsNoRoleAndGetsAnAuthenticationDeadline() {
        var machine = SessionMachine(transport: .tcp(peer: "192.0.2.7:4100"), limits: Self.limits)
        let actions = machine.opened(as: nil)
        #expect(actions.first == .armDeadline(seconds: 10))
        #expect(Self.written(actions)?.text.hasSuffix("role=none\n") == true)
    }

    @Test func beforeAuthOnlyHelloAuthAndQuitAreAnswered() {
        var machine = Self.tcp()
        for request in ["PING", "city list", "HELP"] {
            let reply = Self.written(machine.received(Self.line(request)))
            #expect(reply?.text.hasPrefix("401 AUTH authenticate first") == true, "\(request)")
            #expect(reply?.closes == false)
        }
        #expect(Self.written(machine.received(Self.line("HELLO 1")))?.text.hasPrefix("200 OK proto=1") == true)
        #expect(machine.received(Self.line("AUTH secret")) == [.verifyToken("secret")])
    }

    @Test func anAcceptedTokenCancelsTheDeadlineAndLetsCommandsThrough() {
        var machine = Self.tcp()
        _ = machine.received(Self.line("AUTH secret"))
        let accepted = machine.tokenAccepted(Self.staff)
        #expect(accepted.first == .cancelDeadline)
        #expect(Self.written(accepted)?.text == "200 OK role=staff\n")
        #expect(machine.received(Self.line("visit list")) == [.route(Request(words: ["visit", "list"]), Self.staff, .text)])
        #expect(machine.deadlinePassed().isEmpty, "an authenticated session outlives the deadline")
        #expect(Self.written(machine.received(Self.line("AUTH again")))?.text.contains("already authenticated") == true)
    }

    @Test func theDeadlineClosesASessionThatDidNotAuthenticate() {
        let machine = Self.tcp()
        let closing = Self.written(machine.deadlinePassed())
        #expect(closing?.text == "401 AUTH no AUTH within 10 s; closing\n")
        #expect(closing?.closes == true)
    }

    @Test func wrongTokensAreAnsweredLaterEachTimeAuditedAndTheFifthCloses() {
        var machine = Self.tcp()
        var pauses: [Int] = []
        for attempt in 1...5 {
            _ = machine.received(Self.line("AUTH wrong\(attempt)"))
            let actions = machine.tokenRefused()
            if case .pause(let milliseconds) = actions.first { pauses.append(milliseconds) }
            #expect(actions.contains { if case .audit(actor: "192.0.2.7:4100", command: "AUTH ***", _) = $0 { true } else { false } })
            let reply = Self.written(actions)
            #expect(reply?.closes == (attempt == 5), "attempt \(attempt)")
            #expect(reply?.text.hasPrefix("401 AUTH token not accepted") == true)
        }
        #expect(pauses == [250, 500, 1000, 2000, 2000])
        #expect(machine.authFailures == 5)
    }

    @Test func authIsRefusedOnTheUnixSocketAndNeedsExactlyOneToken() {
        var unix = Self.unix()
        #expect(Self.written(unix.received(Self.line("AUTH secret")))?.text.contains("AUTH is for the TCP listener") == true)
        var tcp = Self.tcp()
        #expect(Self.written(tcp.received(Self.line("AUTH")))?.text == "400 SYNTAX usage: AUTH <token>\n")
        #expect(Self.written(tcp.received(Self.line("AUTH a b")))?.text == "400 SYNTAX usage: AUTH <token>\n")
        #expect(Self.written(tcp.received(Self.line("AUTH a x=1")))?.text == "400 SYNTAX usage: AUTH <token>\n")
    }

    @Test func aTokenThatCannotBeCheckedIsAnsweredInTheSessionsFormat() {
        var machine = Self.tcp()
        _ = machine.received(Self.line("HELLO 1 format=json"))
        #expect(machine.received(Self.line("AUTH secret")) == [.verifyToken("secret")])
        let reply = Reply(.databaseDown, "the database is unreachable")
        let actions = machine.tokenCheckFailed(reply)
        #expect(actions == [.send(ReplyEncoder.encode(reply, as: .json))])
        #expect(machine.principal == nil)
    }

    @Test func helloChoosesTheFormatForLaterRepliesAndAPerRequestFormatDoesNotStick() {
        var machine = Self.unix()
        #expect(machine.received(Self.line("PING format=json")) == [.route(Request(words: ["PING"], options: [("format", "json")]), Self.admin, .json)])
        #expect(machine.received(Self.line("PING")) == [.route(Request(words: ["PING"]), Self.admin, .text)])
        let hello = Self.written(machine.received(Self.line("HELLO 1 format=json")))
        #expect(hello?.text.hasPrefix("{") == true)
        #expect(machine.format == .json)
        #expect(machine.received(Self.line("PING")) == [.route(Request(words: ["PING"]), Self.admin, .json)])
    }

    @Test func helloWithAnotherMajorVersionClosesAndWithoutOneShowsUsage() {
        var machine = Self.unix()
        #expect(Self.written(machine.received(Self.line("HELLO")))?.text == "400 SYNTAX usage: HELLO 1 [format=json]\n")
        #expect(Self.written(machine.received(Self.line("HELLO one")))?.text == "400 SYNTAX usage: HELLO 1 [format=json]\n")
        let other = Self.written(machine.received(Self.line("HELLO 9")))
        #expect(other?.closes == true)
        #expect(other?.text.contains("supported=\(ProtocolVersion.major)") == true)
    }

    @Test func anUnknownFormatAnEmptyLineAndBadSyntaxAreAnsweredAndTheSessionGoesOn() {
        var machine = Self.unix()
        #expect(Self.written(machine.received(Self.line("PING format=xml")))?.text == "400 SYNTAX format must be text or json, not 'xml'\n")
        #expect(Self.written(machine.received(Self.line("")))?.text == "400 SYNTAX empty request; HELP lists the commands\n")
        let unterminated = Self.written(machine.received(Self.line("city add name=\"Palo Alto")))
        #expect(unterminated?.text.hasPrefix("400 SYNTAX") == true)
        #expect(unterminated?.closes == false)
        let binary = Self.written(machine.received([0x50, 0xFF, 0x49]))
        #expect(binary?.text == "400 SYNTAX request is not valid UTF-8\n")
        #expect(machine.received(Self.line("PING")) == [.route(Request(words: ["PING"]), Self.admin, .text)])
    }

    @Test func quitSaysByeAndCloses() {
        var machine = Self.tcp()
        #expect(machine.received(Self.line("QUIT")) == [.sendAndClose("200 BYE\n")])
    }

    @Test func aLineOverTheLimitIsRefusedAndCloses() {
        var machine = Self.unix()
        let closing = Self.written(machine.received([UInt8](repeating: 0x61, count: 65)))
        #expect(closing?.text == "413 TOOLONG request line longer than 64 bytes; closing\n")
        #expect(closing?.closes == true)
        #expect(machine.lineTooLong() == [.sendAndClose("413 TOOLONG request line longer than 64 bytes; closing\n")])
    }

    @Test func aMultiLineImportIsRoutedOnceItsLastRecordArrives() {
        var machine = Self.unix()
        #expect(machine.received(Self.line("import city rows=2")).isEmpty)
        #expect(machine.received(Self.line("name=Utena country=LT")).isEmpty)
        let actions = machine.received(Self.line("name=Rockford country=US"))
        var expected = Request(words: ["import", "city"])
        expected.body = [[("name", "Utena"), ("country", "LT")], [("name", "Rockford"), ("country", "US")]]
        #expect(actions == [.route(expected, Self.admin, .text)])
        // The next line is a request again.
        #expect(machine.received(Self.line("PING")) == [.route(Request(words: ["PING"]), Self.admin, .text)])
    }

    @Test func anImportWithABadRecordImportsNothingAndNamesTheRecords() {
        var machine = Self.unix()
        _ = machine.received(Self.line("import city rows=3 format=json"))
        _ = machine.received(Self.line("name=Utena"))
        _ = machine.received(Self.line("stray name=Xindu"))
        let reply = Self.written(machine.received(Self.line("name=\"Lusaka")))
        #expect(reply?.text.hasPrefix("{") == true, "answered in the import's own format")
        #expect(reply?.text.contains("nothing imported; record 2: unexpected word 'stray'") == true)
        #expect(reply?.text.contains("record 3:") == true)
    }

    @Test func anImportsRowCountMustBeAWholeNumberInRange() {
        var machine = Self.unix()
        for rows in ["0", "x", "5001", "-1"] {
            let reply = Self.written(machine.received(Self.line("import city rows=\(rows)")))
            #expect(reply?.text == "400 SYNTAX rows must be a whole number from 1 to 5000\n", "rows=\(rows)")
        }
        #expect(machine.received(Self.line("PING")) == [.route(Request(words: ["PING"]), Self.admin, .text)])
    }

    @Test func aWatcherStreamsIgnoresAllButQuitAndQuitStopsTheStream() {
        var machine = Self.unix(Self.staff, watchRoles: [.staff, .admin])
        let started = machine.received(Self.line("reminder watch format=json"))
        #expect(started.last == .startWatching(.json))
        #expect(Self.written(started)?.text.hasPrefix("{") == true)
        #expect(machine.isWatching)
        #expect(machine.received(Self.line("city list")).isEmpty)
        #expect(machine.received(Self.line("  quit ")) == [.stopWatching("200 BYE\n")])
        #expect(!machine.isWatching)
    }

    @Test func aRoleThatMayNotWatchIsRoutedSoTheRouterDeniesAndAudits() {
        let association = Principal(role: .association, actor: "uid:1001", associationID: 1)
        var machine = Self.unix(association, watchRoles: [.staff, .admin])
        #expect(machine.received(Self.line("reminder watch")) == [.route(Request(words: ["reminder", "watch"]), association, .text)])
        #expect(!machine.isWatching)
    }

    @Test func everyLineCountsAsACommand() {
        var machine = Self.unix()
        for request in ["PING", "", "HELP"] { _ = machine.received(Self.line(request)) }
        #expect(machine.commands == 3)
    }

    @Test func aLongValueSentInPiecesIsJoinedIntoOneRequest() {
        var machine = SessionMachine(transport: .unix, limits: .init(maxLineBytes: 8192, handshakeTimeoutSeconds: 10))
        _ = machine.opened(as: Self.admin)
        let note = String(repeating: "Körutbyte i Kecskemét. ", count: 400)
        let lines = Request(words: ["visit", "update", "4"], options: [("notes", note), ("purpose", "Kör")]).lines()
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.utf8.count <= Request.continuationLineBytes }, "every line fits")
        var actions: [Action] = []
        for line in lines { actions = machine.received(Self.line(line)) }
        #expect(actions == [.route(Request(words: ["visit", "update", "4"], options: [("notes", note), ("purpose", "Kör")]), Self.admin, .text)])
    }

    @Test func aContinuationWithABadLineDoesNothingAndSaysWhichLine() {
        var machine = Self.unix()
        #expect(machine.received(Self.line("visit update 4 notes=a continued=2")).isEmpty)
        #expect(machine.received(Self.line("notes=b")).isEmpty)
        let reply = Self.written(machine.received(Self.line("notes=\"c")))
        #expect(reply?.text.hasPrefix("400 SYNTAX nothing done; continuation line 2:") == true, "\(reply?.text ?? "")")
        for count in ["0", "257", "x"] {
            #expect(Self.written(machine.received(Self.line("visit update 4 continued=\(count)")))?.text
                == "400 SYNTAX continued must be a whole number from 1 to 256\n")
        }
    }
}
