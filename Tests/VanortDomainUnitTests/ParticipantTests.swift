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
            _ = try Participant(child, exchangeID: 1, exchangeStart: start, today: start)
            Issue.record("a minor's guardian without phone or e-mail was accepted")
        } catch {
            #expect(error.field == "guardian-phone")
        }
        let reachable = try Participant(child.overlaid(with: ["guardian-phone": "+46 70 1234567"]), exchangeID: 1, exchangeStart: start, today: start)
        #expect(reachable.role == .participant)
        let unborn = FieldInput(["name": "X", "birth-date": "2028-01-01"])
        #expect(throws: ValidationError.self) { _ = try Participant(unborn, exchangeID: 1, exchangeStart: start, today: start) }
    }

    @Test func consentCountsOnlyWhenGivenBeforeTheExchangeAndNotInTheFuture() throws {
        let start = try #require(CalendarDate(iso: "2027-07-01"))
        let today = try #require(CalendarDate(iso: "2027-06-01"))
        let minor = FieldInput(["name": "Liv", "birth-date": "2015-01-01", "guardian": "Per", "guardian-phone": "+46 70 1234567", "consent-by": "Per"])
        let given = try Participant(minor.overlaid(with: ["consent-date": "2027-05-20"]), exchangeID: 1, exchangeStart: start, exchangeConfirmed: true, today: today)
        #expect(given.hasConsent)
        for (date, words) in [("2027-06-02", "in the future"), ("2027-07-02", "in the future")] {
            do {
                _ = try Participant(minor.overlaid(with: ["consent-date": date]), exchangeID: 1, exchangeStart: start, exchangeConfirmed: true, today: today)
                Issue.record("consent dated \(date) counted")
            } catch {
                #expect(error.field == "consent-date")
                #expect(error.rule.contains(words), "\(error.rule)")
            }
        }
        // Today is after the start (registered late): consent dated after the start still does not count.
        let late = try #require(CalendarDate(iso: "2027-07-05"))
        do {
            _ = try Participant(minor.overlaid(with: ["consent-date": "2027-07-03"]), exchangeID: 1, exchangeStart: start, today: late)
            Issue.record("consent after the start counted")
        } catch {
            #expect(error.rule.contains("after the exchange starts"))
        }
        #expect(throws: ValidationError.self) {
            _ = try Participant(minor, exchangeID: 1, exchangeStart: start, exchangeConfirmed: true, today: today)
        }
    }

    /// Hand-written records name every mistake at once too, as declared nouns do.
    @Test func everyFieldErrorOfAParticipantOrAnAgreementIsNamedAtOnce() throws {
        let start = try #require(CalendarDate(iso: "2027-07-01"))
        let today = try #require(CalendarDate(iso: "2027-06-01"))
        let participant = FieldInput(["name": "Ella", "birth-date": "2027-02-30", "guardian-email": "not-an-address", "role": "captain"])
        do {
            _ = try Participant(participant, exchangeID: 1, exchangeStart: start, today: today)
            Issue.record("the participant should be refused")
        } catch {
            #expect(error.all.map(\.field) == ["birth-date", "role", "guardian-email"], "\(error)")
        }
        let agreement = FieldInput(["kind": "pen-pals", "since": "2010", "until": "2001", "status": "asleep"])
        do {
            _ = try Agreement(agreement, homeCityIDs: [1], partnerCityIDs: [2])
            Issue.record("the agreement should be refused")
        } catch {
            #expect(error.all.map(\.field) == ["kind", "until", "status"], "\(error)")
        }
    }
}
