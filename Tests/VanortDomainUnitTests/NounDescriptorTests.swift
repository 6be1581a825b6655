import Foundation
import Testing
import VanortDomain

/// A noun declared once (`NounDescriptor`): its fields read input by their kind, naming
/// the field in every refusal, and the grant's rules between fields hold.
@Suite struct NounDescriptorTests {
    static func read(_ input: [String: String]) throws(ValidationError) -> FieldValues {
        try Grant.descriptor.read(FieldInput(input))
    }

    @Test func eachFieldIsReadByItsKindWithItsDefault() throws {
        let values = try Self.read(["funder": " EU ", "amount": "186 400,50", "currency": "eur", "decision-due": "2031-04-15", "status": "Applied"])
        #expect(values["funder"] == .text("EU"))
        #expect(values["amount"] == .amount(try #require(Decimal(string: "186400.50"))))
        #expect(values["currency"] == .text("EUR"))
        #expect(values["decision-due"] == .date(try #require(CalendarDate(year: 2031, month: 4, day: 15))))
        #expect(values["status"] == .text("applied"))
        #expect(try Self.read(["funder": "ICLD"])["currency"] == .text("SEK"), "the default currency")
        #expect(try Self.read(["funder": "ICLD"])["status"] == .text("draft"), "the default status")
    }

    @Test func aBadValueIsRefusedNamingItsField() {
        let cases: [([String: String], String)] = [
            (["programme": "no funder"], "funder"),
            (["funder": "EU", "amount": "12.345"], "amount"),
            (["funder": "EU", "amount": "-5"], "amount"),
            (["funder": "EU", "currency": "kr"], "currency"),
            (["funder": "EU", "status": "later"], "status"),
            (["funder": "EU", "decision-due": "2031-02-30"], "decision-due"),
            (["funder": String(repeating: "x", count: 201)], "funder"),
        ]
        for (input, field) in cases {
            #expect(throws: ValidationError.self, "\(input)") { _ = try Self.read(input) }
            do throws(ValidationError) {
                _ = try Self.read(input)
            } catch {
                #expect(error.field == field, "\(input): \(error)")
            }
        }
    }

    @Test func aGrantsDatesKeepTheirOrderAndItFundsOneThing() throws {
        func refusal(_ input: [String: String]) -> ValidationError? {
            do throws(ValidationError) {
                var values = try Self.read(input)
                try Grant.descriptor.validate(&values)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(["funder": "EU", "applied-on": "2031-02-01", "decided-on": "2031-04-01", "status": "granted", "reporting-due": "2032-01-31"]) == nil)
        #expect(refusal(["funder": "EU", "applied-on": "2031-02-01", "decided-on": "2031-01-01", "status": "granted"])?.field == "decided-on")
        #expect(refusal(["funder": "EU", "applied-on": "2031-02-01", "decision-due": "2031-01-01"])?.field == "decision-due")
        #expect(refusal(["funder": "EU", "decided-on": "2031-04-01", "reporting-due": "2031-03-01", "status": "granted"])?.field == "reporting-due")
        #expect(refusal(["funder": "EU", "decided-on": "2031-04-01", "status": "applied"])?.field == "decided-on", "no decision while awaited")
        var twoThings = try Self.read(["funder": "EU"])
        twoThings.values["exchange"] = .id(1)
        twoThings.values["visit"] = .id(2)
        #expect(throws: ValidationError.self) { try Grant.descriptor.validate(&twoThings) }
    }

    @Test(arguments: NounDescriptor.declared.map(\.noun))
    func everyKeyTheDeclarationNamesIsOneOfItsFields(noun: String) throws {
        let descriptor = try #require(NounDescriptor.declared.first { $0.noun == noun })
        let keys = Set(descriptor.fields.map(\.key))
        #expect(keys.count == descriptor.fields.count, "no key twice")
        #expect(Set(descriptor.identity).isSubset(of: keys))
        #expect(descriptor.nameKey.map(keys.contains) ?? true)
        let columns = Set((descriptor.fields.map(\.key) + descriptor.computed).map { $0.replacingOccurrences(of: "-", with: "_") }).union(["id", "version"])
        #expect(Set(descriptor.brief ?? []).isSubset(of: columns))
        #expect(descriptor.dateColumn.map(columns.contains) ?? true)
    }

    @Test func readingARecordNamesEveryFieldThatFailsInTheFieldsOrder() {
        let input = FieldInput(["amount": "12,345", "currency": "euro", "funder": "EU", "applied-on": "2027-02-30"])
        do {
            _ = try Grant.descriptor.read(input)
            Issue.record("the record should not read")
        } catch {
            #expect(error.all.map(\.field) == ["amount", "currency", "applied-on"])
            #expect(error.description.contains("; currency 'EURO': "), "\(error.description)")
        }
    }
}
