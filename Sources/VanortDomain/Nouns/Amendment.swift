/// A dated amendment of an agreement: the office's summary, and what it changed.
/// `agreement amend` records one while it applies the changes (and fills in `changes`
/// itself); `amendment add` records one signed before the register knew the agreement.
///
/// Declared once in `descriptor`.
public enum Amendment {
    public static let descriptor = NounDescriptor(
        noun: "amendment", summary: "dated amendments of agreements and what they changed", table: "agreement_amendment",
        fields: [
            FieldDescriptor("agreement", "agreement_id", .reference(noun: "agreement"), "the agreement amended (id)", required: true, filter: true),
            FieldDescriptor("on", "amended_on", .date, "the day it was signed", required: true),
            FieldDescriptor("summary", "summary", .text(maxLength: 2000), "what the amendment is, in the office's words", required: true, search: true),
            FieldDescriptor("changes", "changes", .text(maxLength: 20_000), "what it changed, field by field (agreement amend fills it in)", search: true),
        ],
        dateColumn: "on"
    ) { _ throws(ValidationError) in }
}
