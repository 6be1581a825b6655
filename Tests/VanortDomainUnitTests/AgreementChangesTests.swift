import Testing
import VanortDomain

/// What an amendment records as changed: lists as what joined and left, other terms as
/// before → after, and nothing for terms that stayed.
@Suite struct AgreementChangesTests {
    @Test func listsTellWhatJoinedAndLeftAndTermsTheirOldAndNewValue() {
        let before = ["city": "Rockford", "organisations": "Winnebago County", "status": "active", "notes": "x"]
        let after = ["city": "Rockford", "organisations": "Sustain Dane, Winnebago County", "status": "dormant", "until": "2030", "notes": "y"]
        #expect(Agreement.changes(from: before, to: after)
            == "organisations: + Sustain Dane; until: – → 2030; status: active → dormant; notes changed")
        #expect(Agreement.changes(from: after, to: after) == "")
        #expect(Agreement.changes(from: ["areas": "culture, sport"], to: ["areas": "sport"]) == "areas: − culture")
    }
}
