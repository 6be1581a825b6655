import VanortDomain
import VanortProtocol
import VanortStore

extension ValidationError: ReplyConvertible {
    public func reply(in language: Language) -> Reply { localized(language).reply }

    public var reply: Reply {
        let each = all.map { error in "\(error.field): " + (error.value.map { "'\($0)' \(error.rule)" } ?? error.rule) }
        return Reply(.invalid, each.joined(separator: "; "), field: field)
    }
}

extension StoreError: ReplyConvertible {
    public var reply: Reply { reply(in: .en) }

    public func reply(in language: Language) -> Reply {
        let text = description(in: language)
        return switch self {
        case .notFound: Reply(.notFound, text)
        case .ambiguous(let field, _, _): Reply(.invalid, text, field: field)
        case .versionConflict, .wrongState, .duplicate, .stillReferenced: Reply(.conflict, text)
        case .rejected(_, let field, _): Reply(.invalid, text, field: field)
        case .denied: Reply(.denied, text)
        }
    }
}

extension ImportError: ReplyConvertible {
    public var reply: Reply { Reply(.invalid, description, field: "records") }
}
