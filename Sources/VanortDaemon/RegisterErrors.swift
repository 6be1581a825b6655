import VanortDomain
import VanortProtocol
import VanortStore

extension ValidationError: ReplyConvertible {
    public var reply: Reply {
        let each = all.map { error in "\(error.field): " + (error.value.map { "'\($0)' \(error.rule)" } ?? error.rule) }
        return Reply(.invalid, each.joined(separator: "; "), field: field)
    }
}

extension StoreError: ReplyConvertible {
    public var reply: Reply {
        switch self {
        case .notFound: Reply(.notFound, description)
        case .ambiguous(let field, _, _): Reply(.invalid, description, field: field)
        case .versionConflict, .wrongState, .duplicate, .stillReferenced: Reply(.conflict, description)
        case .rejected(_, let field, _): Reply(.invalid, description, field: field)
        case .denied: Reply(.denied, description)
        }
    }
}

extension ImportError: ReplyConvertible {
    public var reply: Reply { Reply(.invalid, description, field: "records") }
}
