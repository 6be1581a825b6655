import VanortDomain
import VanortProtocol
import VanortStore

extension ValidationError: ReplyConvertible {
    public func reply(in language: Language) -> Reply { localized(language).reply }

    public var reply: Reply {
        let rules = all.map { error in (field: error.field, rule: error.value.map { "'\($0)' \(error.rule)" } ?? error.rule) }
        var reply = Reply(.invalid, rules.map { "\($0.field): \($0.rule)" }.joined(separator: "; "), field: field)
        reply.fieldErrors = rules
        return reply
    }
}

extension StoreError: ReplyConvertible {
    public var reply: Reply { reply(in: .en) }

    public func reply(in language: Language) -> Reply {
        let text = description(in: language)
        switch self {
        case .notFound: return Reply(.notFound, text)
        case .ambiguous(let field, _, _): return Self.invalid(text, field: field)
        case .versionConflict, .wrongState, .duplicate, .stillReferenced: return Reply(.conflict, text)
        case .rejected(_, let field, _): return Self.invalid(text, field: field)
        case .denied: return Reply(.denied, text)
        }
    }

    /// `422` naming `field`, when there is one, as the field the rule is about.
    private static func invalid(_ text: String, field: String?) -> Reply {
        var reply = Reply(.invalid, text, field: field)
        reply.fieldErrors = field.map { [(field: $0, rule: text)] } ?? []
        return reply
    }
}

extension ImportError: ReplyConvertible {
    public var reply: Reply { Reply(.invalid, description, field: "records") }
}
