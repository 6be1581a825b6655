import Testing
import VanortDomain

/// Near misses, for "did you mean …?".
@Suite struct EditDistanceTests {
    @Test func editsAreCountedLetterByLetter() {
        #expect(EditDistance.between(Array("kecskement"), Array("kecskemet")) == 1)
        #expect(EditDistance.between(Array("cty"), Array("city")) == 1)
        #expect(EditDistance.between(Array(""), Array("abc")) == 3)
        #expect(EditDistance.between(Array("utena"), Array("utena")) == 0)
    }

    @Test func onlyACloseCandidateIsSuggested() {
        #expect(EditDistance.suggestion(for: "cty", among: ["city", "country", "kind"]) == "city")
        #expect(EditDistance.suggestion(for: "lsit", among: ["add", "list", "show"]) == "list")
        #expect(EditDistance.suggestion(for: "frobnicate", among: ["add", "list", "show"]) == nil)
    }
}
