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

    /// One noun's fields (for add and update) and list filters, derived from its
    /// declaration (`NounDescriptor`), and its verbs beyond the five every noun has.
    public struct NounSpec: Sendable {
        public let noun: String
        public let summary: String
        public let fields: [Option]
        public let filters: [Option]
        /// Columns that `list` shows beyond the fields (computed, or ids), which `import` ignores.
        public let derived: Set<String>
        /// Verbs beyond add/show/list/update/delete (`network member add`), with their options.
        public let verbs: [Verb]
        /// The columns `list` shows on a terminal (nil: all); `--wide` shows all, `--columns` others.
        public let brief: [String]?
        /// The date column a terminal list of dated records is sorted by (exports keep id order,
        /// so a round trip keeps references by id).
        public let dateColumn: String?

        init(_ descriptor: NounDescriptor, verbs: [Verb]) {
            noun = descriptor.noun
            summary = descriptor.summary
            let fields = descriptor.fields.map { Option($0.key, $0.help) }
            self.fields = fields
            filters = descriptor.fields.filter(\.isFilter).map { Option($0.key, $0.help) } + descriptor.otherFilters.map { Option($0.key, $0.help) }
            derived = Set(["id", "version"] + descriptor.computed)
            // A verb that changes the record too (`agreement amend`) takes every field.
            self.verbs = verbs.map { verb in
                verb.takesFields ? Verb(verb.words, options: verb.options + fields, summary: verb.summary) : verb
            }
            brief = descriptor.brief
            dateColumn = descriptor.dateColumn
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

    /// Every noun of the register, as declared, in the order an import of the whole
    /// register needs.
    public static let nouns: [NounSpec] = NounDescriptor.declared.map { NounSpec($0, verbs: verbs[$0.noun] ?? []) }

    /// The verbs of nouns beyond the five every noun has.
    static let verbs: [String: [Verb]] = [
        "agreement": [
            Verb(["amend"], options: [
                Option("agreement", "the agreement (id)"), Option("on", "the day the amendment was signed"),
                Option("summary", "what the amendment is, in the office's words"),
            ], fieldsToo: true, summary: "record a dated amendment and apply what it changes (any agreement field); shown in show and the review"),
        ],
        "network": [
            Verb(["member", "add"], options: [
                Option("network", "the network (id or name)"), Option("city", "the city joining (id or name)"),
                Option("joined", "the day it joined (default: unknown)"),
            ], summary: "a city joins a network, or joins again"),
            Verb(["member", "remove"], options: [
                Option("network", "the network (id or name)"), Option("city", "the member leaving (id or name)"),
                Option("left", "the day it left (default today)"),
            ], summary: "a member leaves: kept with its joined and left dates"),
        ],
    ]

    /// The option keys each register verb takes, for daemon and vanortctl alike (`nil`: no
    /// such verb). `allow-duplicate` adds a record that looks like one already there;
    /// `limit` lists only the newest so many (the web face's pages, a large register).
    public static func options(verb: String, of spec: NounSpec) -> Set<String>? {
        switch verb {
        case "add": Set(spec.fields.map(\.key)).union(["allow-duplicate"])
        case "list": Set(spec.filters.map(\.key)).union(["search", "limit"])
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
