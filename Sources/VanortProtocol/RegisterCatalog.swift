import VanortDomain

/// The register's commands as both sides know them: nouns, verbs, and the option keys
/// each takes. vanortctl's flags are these keys (`--review-due` is `review-due=`).
public enum RegisterCatalog {
    /// One option: its key and what it means.
    public struct Option: Sendable {
        public let key: String
        public let help: String
        public init(_ key: String, _ help: String) {
            self.key = key
            self.help = help
        }
    }

    /// One noun's fields (for add and update) and list filters.
    public struct NounSpec: Sendable {
        public let noun: String
        public let summary: String
        public let fields: [Option]
        public let filters: [Option]
        /// Columns that `list` shows beyond the fields (computed, or ids), which `import` ignores.
        public var derived: Set<String> = ["id", "version"]
        /// `list` columns that are a field under another name.
        public var aliases: [String: String] = [:]
        /// Verbs beyond add/show/list/update/delete (`network member add`), with their options.
        public var verbs: [Verb] = []
        /// The columns `list` shows on a terminal (nil: all); `--wide` shows all, `--columns` others.
        public var brief: [String]? = nil
        /// The date column a terminal list of dated records is sorted by (exports keep id order,
        /// so a round trip keeps references by id).
        public var dateColumn: String? = nil

        init(
            noun: String, summary: String, fields: [Option], filters: [Option], derived: Set<String> = ["id", "version"],
            aliases: [String: String] = [:], verbs: [Verb] = [], brief: [String]? = nil, dateColumn: String? = nil
        ) {
            self.noun = noun
            self.summary = summary
            self.fields = fields
            self.filters = filters
            self.derived = derived
            self.aliases = aliases
            // A verb that changes the record too (`agreement amend`) takes every field.
            self.verbs = verbs.map { verb in
                verb.takesFields ? Verb(verb.words, options: verb.options + fields, summary: verb.summary) : verb
            }
            self.brief = brief
            self.dateColumn = dateColumn
        }

        /// Derived from a noun's declaration.
        init(_ descriptor: NounDescriptor) {
            self.init(
                noun: descriptor.noun, summary: descriptor.summary, fields: descriptor.fields.map { Option($0.key, $0.help) },
                filters: descriptor.fields.filter(\.isFilter).map { Option($0.key, $0.help) } + descriptor.otherFilters.map { Option($0.key, $0.help) },
                derived: Set(["id", "version"] + descriptor.computed), brief: descriptor.brief, dateColumn: descriptor.dateColumn)
        }
    }

    /// A verb of one noun beyond the five every noun has: its words after the noun, its
    /// options and what it does.
    public struct Verb: Sendable {
        public let words: [String]
        public let options: [Option]
        public let summary: String
        /// It takes the noun's fields as well as `options` (the catalog adds them).
        let takesFields: Bool
        public init(_ words: [String], options: [Option], fieldsToo takesFields: Bool = false, summary: String) {
            self.words = words
            self.options = options
            self.summary = summary
            self.takesFields = takesFields
        }
    }

    public static let nouns: [NounSpec] = [
        NounSpec(City.descriptor),
        NounSpec(noun: "agreement", summary: "partnership agreements and their parties", fields: [
            Option("city", "partner city or cities (id or name, comma-separated)"),
            Option("home", "home municipality or municipalities (default: the configured home city)"),
            Option("organisations", "parties that are not cities: counties, companies, associations (names, comma-separated)"),
            Option("kind", "twin-town, sister-city, cooperation, industrial-partnership, municipal-partnership, none"),
            Option("areas", "comma-separated areas, e.g. education,culture"), Option("funding", "comma-separated sources, e.g. municipality,eu,icld"),
            Option("signed", "date signed"), Option("since", "start year"), Option("until", "end year"),
            Option("status", "active, dormant, ended"), Option("council-decision", "council decision reference"),
            Option("review-due", "date the partnership must be reviewed by"), Option("notes", "free text"),
        ], filters: [Option("city", "a party"), Option("organisation", "an organisation party"), Option("kind", "agreement kind"),
                     Option("status", "status"), Option("area", "one area")],
        derived: ["id", "version", "amendments"], aliases: ["cities": "city"],
        verbs: [
            Verb(["amend"], options: [
                Option("agreement", "the agreement (id)"), Option("on", "the day the amendment was signed"),
                Option("summary", "what the amendment is, in the office's words"),
            ], fieldsToo: true, summary: "record a dated amendment and apply what it changes (any agreement field); shown in show and the review"),
        ],
        brief: ["id", "home", "cities", "organisations", "kind", "since", "until", "status", "review_due"]),
        NounSpec(Association.descriptor),
        NounSpec(Contact.descriptor),
        NounSpec(Visit.descriptor),
        NounSpec(Exchange.descriptor),
        NounSpec(Participant.descriptor),
        NounSpec(noun: "network", summary: "multilateral networks of cities", fields: [
            Option("name", "unique name"), Option("members", "member cities (ids or names, comma-separated)"),
            Option("joined", "when the members given now joined"), Option("status", "active, dormant, ended"),
            Option("notes", "free text"),
        ], filters: [Option("city", "a member"), Option("status", "status")], derived: ["id", "version", "members-joined", "former-members"],
        verbs: [
            Verb(["member", "add"], options: [
                Option("network", "the network (id or name)"), Option("city", "the city joining (id or name)"),
                Option("joined", "the day it joined (default: unknown)"),
            ], summary: "a city joins a network, or joins again"),
            Verb(["member", "remove"], options: [
                Option("network", "the network (id or name)"), Option("city", "the member leaving (id or name)"),
                Option("left", "the day it left (default today)"),
            ], summary: "a member leaves: kept with its joined and left dates"),
        ]),
        NounSpec(Plan.descriptor),
        NounSpec(Activity.descriptor),
        NounSpec(noun: "rule", summary: "reminder rules: when staff hear about events", fields: [
            Option("name", "unique name"),
            Option("event", ReminderEvent.allCases.map(\.rawValue).joined(separator: ", ")),
            Option("days", "whole days from the date (0 to 3650)"), Option("when", "before or after (default before)"),
            Option("of", "start or end (visits, exchanges) or due (the others)"),
            Option("at", "time of day, HH:MM (default 09:00)"), Option("timezone", "IANA zone (default the home city's)"),
            Option("recipients", "responsible, staff or contact (default responsible)"),
            Option("contact", "the contact, for recipients=contact"), Option("kinds", "only events of these kinds, comma-separated"),
            Option("direction", "only incoming or outgoing events"), Option("every-years", "anniversaries: every N years (default 5)"),
            Option("note", "text added to the reminder"), Option("active", "true or false (default true)"),
        ], filters: [Option("event", "event kind"), Option("active", "true or false")], derived: ["id", "version", "pending"]),
        NounSpec(Grant.descriptor),
        NounSpec(Cost.descriptor),
        NounSpec(Amendment.descriptor),
    ]

    /// The option keys each register verb takes, for daemon and vanortctl alike (`nil`: no
    /// such verb). `allow-duplicate` adds a record that looks like one already there.
    public static func options(verb: String, of spec: NounSpec) -> Set<String>? {
        switch verb {
        case "add": Set(spec.fields.map(\.key)).union(["allow-duplicate"])
        case "list": Set(spec.filters.map(\.key)).union(["search"])
        case "show", "delete": []
        case "update": Set(spec.fields.map(\.key)).union(["if-version"])
        case "import": ["update-existing"]
        default: nil
        }
    }

    public static func spec(_ noun: String) -> NounSpec? {
        nouns.first { $0.noun == noun }
    }
}
