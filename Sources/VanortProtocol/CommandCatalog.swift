/// The admin protocol's commands beyond the register's nouns (`RegisterCatalog`), declared
/// once for both sides: their words, the option keys each takes, how many positional
/// arguments follow and what it does. vanortd's command table takes options, arity and
/// summary from here (adding only who may run it and what it does), and vanortctl's verbs,
/// flags and help derive from it, so the two cannot disagree.
public enum CommandCatalog {
    /// One command: `reminder snooze ID until=TIME`.
    public struct Spec: Sendable, Equatable {
        public let words: [String]
        public let options: Set<String>
        public let arguments: ClosedRange<Int>
        public let summary: String

        init(_ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, _ summary: String) {
            self.words = words
            self.options = options
            self.arguments = arguments
            self.summary = summary
        }

        public var name: String { words.joined(separator: " ") }
    }

    public static let commands: [Spec] = [
        Spec(["ping"], "check that the daemon answers"),
        Spec(["help"], "list the commands the session's role may run"),
        Spec(["status"], "daemon, database and reminder state"),
        Spec(["metrics"], "counters and gauges in Prometheus text format"),
        Spec(["upcoming"], options: ["days"], "visits and exchanges under way or starting within N days (default 30), soonest first"),
        Spec(["agenda"], options: ["days", "city", "association"], "everything coming within N days (default 30), by date, with what is still missing"),
        Spec(["reminder", "list"], options: ["state", "due-before", "about", "rule", "limit", "timezone"], "reminders by due time (default limit 1000)"),
        Spec(["reminder", "show"], arguments: 1...1, "one reminder"),
        Spec(["reminder", "deliveries"], arguments: 1...1, "every delivery attempt of a reminder"),
        Spec(["reminder", "add"], options: ["at", "about", "note", "to", "timezone"], "an ad-hoc reminder: at=TIME [about=visit:ID] [note=TEXT] [to=CONTACT]"),
        Spec(["reminder", "ack"], arguments: 1...1, "mark a sent or failed reminder as dealt with"),
        Spec(["reminder", "snooze"], options: ["until", "timezone"], arguments: 1...1, "fire a reminder again at until=TIME"),
        Spec(["reminder", "cancel"], arguments: 1...1, "stop a pending reminder from firing"),
        Spec(["reminder", "preview"], options: ["days", "limit"], "what will fire within N days (default 30), and what was already sent about occasions still ahead"),
        Spec(["reminder", "watch"], "211 STREAM: reminders as they fire, until QUIT"),
        Spec(["token", "create"], options: ["role", "association", "expires", "note", "timezone"],
             "a remote access token: role=ROLE [association=NAME] [expires=DATE] (shown once)"),
        Spec(["token", "list"], "every token with its role, expiry and state (never secrets)"),
        Spec(["token", "revoke"], arguments: 1...1, "revoke a token for good"),
        Spec(["audit", "list"], options: ["since", "actor", "limit", "timezone"], "audit entries, newest first: [since=DATE|TIME] [actor=uid:N|token:N] [limit=1000]"),
        Spec(["calendar", "export"], options: ["days", "city", "association"], "visits and exchanges of the next N days (default 365) as iCalendar lines"),
        Spec(["calendar", "subscribe"], options: ["contact"],
             "a secret, revocable feed address for a contact's calendar program: contact=NAME (shown once; needs http-listen)"),
        Spec(["calendar", "feeds"], "every calendar feed with its contact and state (never the address)"),
        Spec(["calendar", "unsubscribe"], arguments: 1...1, "revoke a calendar feed for good"),
        Spec(["account", "invite"], options: ["email", "association", "role"],
             "invite a person to the web face: email=ADDRESS (association=NAME | role=staff|admin); mails a one-time link, valid 7 days"),
        Spec(["account", "list"], "every web account with its role, association and state (never a password)"),
        Spec(["account", "disable"], arguments: 1...1, "disable an account for good: it cannot sign in, its sessions end"),
        Spec(["person", "export"], options: ["participant", "contact"], "everything stored about one person as JSON: participant=ID or contact=ID"),
        Spec(["person", "erase"], options: ["participant", "contact"],
             "remove one person everywhere (audit log and deliveries included): participant=ID or contact=ID"),
        Spec(["report", "review"], options: ["city", "from", "to"], "a partnership's review: city=NAME [from=YEAR to=YEAR] (default: the last five years)"),
        Spec(["report", "year"], arguments: 1...1, "one year across all partner cities: report year YEAR"),
    ]

    /// The command these words name, if any.
    public static func spec(_ words: [String]) -> Spec? {
        commands.first { $0.words == words }
    }

    /// The commands of a noun (`reminder`), by verb.
    public static func verbs(of noun: String) -> [String: Spec] {
        Dictionary(commands.filter { $0.words.count == 2 && $0.words[0] == noun }.map { ($0.words[1], $0) }) { first, _ in first }
    }
}
