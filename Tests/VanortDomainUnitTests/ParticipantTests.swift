import Testing
import VanortDomain

@Suite struct ParticipantTests {
    /// Reads `fields` as the store does, then checks them against an exchange starting on
    /// `start`; throws only the participant's `ValidationError`.
    private func participant(
        _ fields: [String: String], start: String = "2027-07-01", confirmed: Bool = false, today: String? = nil
    ) throws(ValidationError) -> FieldValues {
        guard let first = CalendarDate(iso: start), let day = CalendarDate(iso: today ?? start) else {
            throw ValidationError(field: "test", value: start, rule: "is no date")
        }
        let values = try Participant.descriptor.read(FieldInput(["exchange": "1"].merging(fields) { $1 }))
        try Participant.check(values, exchangeStart: first, exchangeConfirmed: confirmed, today: day)
        return values
    }

    @Test func minorIsUnder18OnTheExchangesFirstDay() throws {
        let born = try #require(CalendarDate(iso: "2009-07-02"))
        #expect(Participant.isMinor(born: born, on: try #require(CalendarDate(iso: "2027-07-01"))))
        #expect(!Participant.isMinor(born: born, on: try #require(CalendarDate(iso: "2027-07-02"))))
    }

    @Test func aMinorsGuardianNeedsAWayToBeReached() throws {
        let child = ["name": "Liv", "birth-date": "2015-01-01", "guardian": "Per"]
        do {
            _ = try participant(child)
            Issue.record("a minor's guardian without phone or e-mail was accepted")
        } catch {
            #expect(error.field == "guardian-phone")
        }
        let reachable = try participant(child.merging(["guardian-phone": "+46 70 1234567"]) { $1 })
        #expect(reachable.text("role") == "participant", "the declared default")
        #expect(throws: ValidationError.self) { _ = try participant(["name": "X", "birth-date": "2028-01-01"]) }
        do {
            _ = try participant(["name": "Liv", "birth-date": "2015-01-01"])
            Issue.record("a minor without a guardian was accepted")
        } catch {
            #expect(error.all.map(\.field) == ["guardian", "guardian-phone"], "both at once: \(error)")
        }
    }

    @Test func consentCountsOnlyWhenGivenBeforeTheExchangeAndNotInTheFuture() throws {
        let minor = ["name": "Liv", "birth-date": "2015-01-01", "guardian": "Per", "guardian-phone": "+46 70 1234567", "consent-by": "Per"]
        let given = try participant(minor.merging(["consent-date": "2027-05-20"]) { $1 }, confirmed: true, today: "2027-06-01")
        #expect(Participant.hasConsent(given))
        for (date, words) in [("2027-06-02", "in the future"), ("2027-07-02", "in the future")] {
            do {
                _ = try participant(minor.merging(["consent-date": date]) { $1 }, confirmed: true, today: "2027-06-01")
                Issue.record("consent dated \(date) counted")
            } catch {
                #expect(error.field == "consent-date")
                #expect(error.rule.contains(words), "\(error.rule)")
            }
        }
        // Today is after the start (registered late): consent dated after the start still does not count.
        do {
            _ = try participant(minor.merging(["consent-date": "2027-07-03"]) { $1 }, today: "2027-07-05")
            Issue.record("consent after the start counted")
        } catch {
            #expect(error.rule.contains("after the exchange starts"))
        }
        #expect(throws: ValidationError.self) { _ = try participant(minor, confirmed: true, today: "2027-06-01") }
    }

    /// Participants and hand-written records alike name every mistake at once.
    @Test func everyFieldErrorOfAParticipantOrAnAgreementIsNamedAtOnce() throws {
        do {
            _ = try participant(["name": "Ella", "birth-date": "2027-02-30", "guardian-email": "not-an-address", "role": "captain"], today: "2027-06-01")
            Issue.record("the participant should be refused")
        } catch {
            #expect(error.all.map(\.field) == ["birth-date", "role", "guardian-email"], "\(error)")
        }
        let agreement = FieldInput(["kind": "pen-pals", "since": "2010", "until": "2001", "status": "asleep"])
        do {
            _ = try RecordValidationTests.agreement(agreement, home: [1], partners: [2])
            Issue.record("the agreement should be refused")
        } catch {
            #expect(error.all.map(\.field) == ["kind", "until", "status"], "\(error)")
        }
    }
}
