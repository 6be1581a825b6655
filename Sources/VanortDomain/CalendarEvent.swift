import Foundation

/// A visit or an exchange as a calendar sees it: whole days, first to last inclusive.
public struct CalendarEvent: Sendable, Equatable {
    /// Stable across exports, so a subscribed calendar updates the event instead of adding one.
    public var uid: String
    public var first: CalendarDate
    public var last: CalendarDate
    public var summary: String
    public var location: String?
    public var description: String?
    /// `TENTATIVE`, `CONFIRMED` or `CANCELLED`.
    public var status: String
    public var categories: [String]
    /// Bumped on every change (the record's version).
    public var sequence: Int
    public var lastModified: Date?

    public init(
        uid: String, first: CalendarDate, last: CalendarDate, summary: String, location: String? = nil, description: String? = nil,
        status: String, categories: [String] = [], sequence: Int = 0, lastModified: Date? = nil
    ) {
        self.uid = uid
        self.first = first
        self.last = last
        self.summary = summary
        self.location = location
        self.description = description
        self.status = status
        self.categories = categories
        self.sequence = sequence
        self.lastModified = lastModified
    }

    /// The UID of record `id` of `type` (`visit`, `exchange`) kept by `home`'s office:
    /// `visit-12@linkoping.vanort`. The home municipality makes it unique across
    /// municipalities, so a calendar subscribed to two offices' exports keeps both events.
    public static func uid(type: String, id: Int, home: String) -> String {
        let folded = home.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return "\(type)-\(id)@\(slug.isEmpty ? "" : slug + ".")vanort"
    }

    /// A visit's or an exchange's status as iCalendar's.
    public static func status(for recordStatus: String) -> String {
        switch recordStatus {
        case "cancelled": "CANCELLED"
        case "confirmed", "done": "CONFIRMED"
        default: "TENTATIVE"
        }
    }
}
