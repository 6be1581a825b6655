import Testing
import VanortDomain

@Suite struct ParticipantTests {
    @Test func minorIsUnder18OnTheExchangesFirstDay() throws {
        let born = try #require(CalendarDate(iso: "2009-07-02"))
        #expect(Participant.isMinor(born: born, on: try #require(CalendarDate(iso: "2027-07-01"))))
        #expect(!Participant.isMinor(born: born, on: try #require(CalendarDate(iso: "2027-07-02"))))
    }

    @Test func aMinorsGuardianNeedsAWayToBeReached() throws {
        let start = try #require(CalendarDate(iso: "2027-07-01"))
        let child = FieldInput(["name": "Liv", "birth-date": "2015-01-01", "guardian": "Per"])
        do {
            _ = try Participant(child, exchangeID: 1, exchangeStart: start)
            Issue.record("a minor's guardian without phone or e-mail was accepted")
        } catch {
            #expect(error.field == "guardian-phone")
        }
        let reachable = try Participant(child.overlaid(with: ["guardian-phone": "+46 70 1234567"]), exchangeID: 1, exchangeStart: start)
        #expect(reachable.role == .participant)
        let unborn = FieldInput(["name": "X", "birth-date": "2028-01-01"])
        #expect(throws: ValidationError.self) { _ = try Participant(unborn, exchangeID: 1, exchangeStart: start) }
    }
}
