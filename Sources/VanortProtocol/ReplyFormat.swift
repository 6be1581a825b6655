/// How replies are written on a session: text lines or one JSON object per reply.
public enum ReplyFormat: String, Sendable {
    case text
    case json
}
