/// A reply's status: the three-digit code for programs and the stable keyword.
public enum Status: Int, Sendable, CaseIterable {
    case ok = 200
    case created = 201
    case rows = 210
    case stream = 211
    case syntax = 400
    case auth = 401
    case denied = 403
    case notFound = 404
    case conflict = 409
    case tooLong = 413
    case invalid = 422
    case busy = 429
    case `internal` = 500
    case databaseDown = 503
    case noProtocol = 505

    /// The keyword the contract promises for this code.
    public var keyword: String {
        switch self {
        case .ok: "OK"
        case .created: "CREATED"
        case .rows: "ROWS"
        case .stream: "STREAM"
        case .syntax: "SYNTAX"
        case .auth: "AUTH"
        case .denied: "DENIED"
        case .notFound: "NOTFOUND"
        case .conflict: "CONFLICT"
        case .tooLong: "TOOLONG"
        case .invalid: "INVALID"
        case .busy: "BUSY"
        case .internal: "INTERNAL"
        case .databaseDown: "DBDOWN"
        case .noProtocol: "NOPROTO"
        }
    }

    /// True for 4xx and 5xx.
    public var isError: Bool { rawValue >= 400 }
}
