import Testing
import VanortDomain

@Suite struct RecordValidationTests {
    private func failure(_ body: () throws -> Void) -> ValidationError? {
        do {
            try body()
            return nil
        } catch let error as ValidationError {
            return error
        } catch {
            return nil
        }
    }

    let palo = ["name": "Palo Alto", "country": "us", "timezone": "America/Los_Angeles"]

    @Test func aCityNeedsANameAKnownCountryAndAnIANAZone() throws {
        let city = try City.descriptor.read(FieldInput(palo))
        #expect(city["country"] == .text("US"))
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["name": "  "]) { $1 })) }?.field == "name")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["country": "XX"]) { $1 })) }?.field == "country")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["country": "USA"]) { $1 })) }?.field == "country")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["timezone": "Mars/Olympus"]) { $1 })) }?.field == "timezone")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["population": "-1"]) { $1 })) }?.field == "population")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["population": "99999999999999999999"]) { $1 })) }?.field == "population")
        #expect(failure { _ = try City.descriptor.read(FieldInput(palo.merging(["website": "javascript:alert(1)"]) { $1 })) }?.field == "website")
    }

    /// A visit's fields read and its rules applied, as the store does before writing.
    private func visit(_ input: [String: String]) throws(ValidationError) -> FieldValues {
        var values = try Visit.descriptor.read(FieldInput(input))
        try Visit.descriptor.validate(&values)
        return values
    }

    @Test func aVisitEndsOnOrAfterItStarts() throws {
        let base = ["direction": "outgoing", "city": "1", "from": "2027-05-03", "to": "2027-05-09"]
        let plain = try visit(base)
        #expect(plain["status"] == .text("planned"))
        #expect(plain["kind"] == .text("other"))
        #expect(plain["reported"] == .bool(false))
        let backwards = failure { _ = try visit(base.merging(["to": "2027-05-01"]) { $1 }) }
        #expect(backwards?.field == "to")
        #expect(backwards?.rule.contains("must not be before from") == true)
        #expect(failure { _ = try visit(base.merging(["direction": "sideways"]) { $1 }) }?.field == "direction")
        #expect(failure { _ = try visit(base.merging(["participants": "-3"]) { $1 }) }?.field == "participants")
        #expect(failure { _ = try visit(base.merging(["cost": "12.345"]) { $1 }) }?.field == "cost")
        #expect(failure { _ = try visit(base.merging(["reported": "false", "reported-on": "2027-05-10"]) { $1 }) }?.field == "reported-on")
        #expect(try visit(base.merging(["reported-on": "2027-05-10"]) { $1 })["reported"] == .bool(true), "a report date means reported")
    }

    @Test func anAgreementHasPartnersAndOrderedYears() throws {
        let input = FieldInput(["kind": "twin-town", "since": "2004", "areas": "Education, culture,education", "funding": "municipality,eu"])
        let agreement = try Self.agreement(input, home: [1], partners: [2])
        #expect(agreement.list("areas") == ["education", "culture"])
        #expect(failure { _ = try Self.agreement(input, home: [1], partners: []) }?.field == "city")
        #expect(failure { _ = try Self.agreement(input, home: [1], partners: [1]) }?.field == "city")
        #expect(failure { _ = try Self.agreement(input.overlaid(with: ["until": "2000"]), home: [1], partners: [2]) }?.field == "until")
        #expect(failure { _ = try Self.agreement(input.overlaid(with: ["kind": "pen-pals"]), home: [1], partners: [2]) }?.field == "kind")
        #expect(failure { _ = try Self.agreement(input.overlaid(with: ["areas": "a;b"]), home: [1], partners: [2]) }?.field == "areas")
    }

    /// An agreement as the store reads it: its fields by the declaration, its city parties
    /// (given by id, as the store resolves them), then the rules between fields.
    static func agreement(_ input: FieldInput, home: [Int], partners: [Int]) throws(ValidationError) -> FieldValues {
        let parties = ["home": home, "city": partners].compactMapValues { $0.isEmpty ? nil : $0.map(String.init).joined(separator: ",") }
        let (read, errors) = Agreement.descriptor.readEvery(input.overlaid(with: parties))
        var values = read
        for (key, ids) in ["home": home, "city": partners] where !ids.isEmpty { values.values[key] = .ids(ids) }
        try Agreement.descriptor.check(&values, besides: errors)
        return values
    }

    @Test func contactsHaveAPlausibleEmailPhoneAndLanguage() throws {
        let contact = try Contact.descriptor.read(FieldInput(["name": "Anna Berg", "email": "anna@example.org", "staff": "yes"]))
        #expect(contact["staff"] == .bool(true))
        #expect(contact["language"] == .text("sv"))
        #expect(failure { _ = try Contact.descriptor.read(FieldInput(["name": "A", "email": "anna@"])) }?.field == "email")
        #expect(failure { _ = try Contact.descriptor.read(FieldInput(["name": "A", "phone": "call me"])) }?.field == "phone")
        #expect(failure { _ = try Contact.descriptor.read(FieldInput(["name": "A", "language": "fi"])) }?.field == "language")
        #expect(failure { _ = try Contact.descriptor.read(FieldInput(["name": "A", "staff": "maybe"])) }?.field == "staff")
    }
}
