import Foundation
import Testing
import VanortDomain

/// A pattern compiled once answers as `String.range(of:options: .regularExpression)` did,
/// from any number of tasks at once.
@Suite struct TextPatternTests {
    static let clock = TextPattern(#"^(\d{2}):(\d{2})(:(\d{2}))?$"#)

    @Test func anAnchoredPatternMatchesOnlyTheWholeText() {
        #expect(Self.clock.matches("09:30"))
        #expect(Self.clock.matches("09:30:15"))
        #expect(!Self.clock.matches("x09:30"))
        #expect(!Self.clock.matches("09:30 "))
        #expect(!Self.clock.matches(""))
    }

    @Test func aGroupThatTookNoPartIsNil() throws {
        let text = "09:30"
        let match = try #require(Self.clock.firstMatch(in: text))
        #expect(match.count == 5)
        #expect(match[1].map { String(text[$0]) } == "09")
        #expect(match[2].map { String(text[$0]) } == "30")
        #expect(match[4] == nil)
    }

    @Test func theRangeIsWhereTheMatchIs() throws {
        let text = "host=a password=secret port=5"
        let range = try #require(TextPattern(#"password=\S+"#).range(in: text))
        #expect(text[range] == "password=secret")
    }

    @Test func letterClassesReachBeyondASCII() {
        let item = TextPattern(#"^[\p{L}\p{N}][\p{L}\p{N}\-]{0,59}$"#)
        #expect(item.matches("vänort-ungdom"))
        #expect(!item.matches("-ungdom"))
    }

    @Test func aPatternThatDoesNotCompileMatchesNothing() {
        let broken = TextPattern("([")
        #expect(!broken.matches("(["))
        #expect(broken.firstMatch(in: "anything") == nil)
    }

    @Test func oneCompiledPatternServesManyTasksAtOnce() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<400 {
                group.addTask {
                    let text = n.isMultiple(of: 2) ? String(format: "%02d:%02d", n % 24, n % 60) : "no \(n)"
                    return Self.clock.matches(text) == n.isMultiple(of: 2)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 400 && results.allSatisfy { $0 })
    }
}
