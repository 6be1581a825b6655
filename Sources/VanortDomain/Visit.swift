import Foundation

/// A delegation visit, incoming or outgoing. Every department reports its visits to the
/// international office (`reported`), and each party pays its own costs (`paid-by`).
public struct Visit: Sendable, Equatable {
    public var direction: Direction
    public var kind: VisitKind
    public var cityID: Int
    public var from: CalendarDate
    public var to: CalendarDate
    public var associationID: Int?
    public var contactID: Int?
    public var participants: Int?
    public var purpose: String?
    public var status: VisitStatus
    public var reported: Bool
    public var reportedOn: CalendarDate?
    public var cost: Decimal?
    public var paidBy: String?
    public var notes: String?

    public init(_ input: FieldInput, cityID: Int, associationID: Int?, contactID: Int?) throws(ValidationError) {
        direction = try input.choice("direction", Direction.self)
        kind = try input.choice("kind", VisitKind.self, default: .other)
        self.cityID = cityID
        from = try input.date("from")
        to = try input.date("to")
        guard to >= from else { throw ValidationError(field: "to", value: to.description, rule: "must not be before from (\(from))") }
        self.associationID = associationID
        self.contactID = contactID
        participants = try input.optionalInteger("participants", in: 0...10_000)
        purpose = try input.optionalText("purpose", maxLength: 2000)
        status = try input.choice("status", VisitStatus.self, default: .planned)
        reportedOn = try input.optionalDate("reported-on")
        reported = try input.optionalBool("reported") ?? (reportedOn != nil)
        if reportedOn != nil, !reported {
            throw ValidationError(field: "reported-on", value: reportedOn?.description, rule: "a report date needs reported=true")
        }
        cost = try input.optionalDecimal("cost")
        paidBy = try input.optionalText("paid-by")
        notes = try input.notes()
    }
}
