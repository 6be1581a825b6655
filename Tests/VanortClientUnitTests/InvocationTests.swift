import Testing
@testable import VanortClient

/// What vanortctl adds to a daemon's answer for the person who typed the command.
@Suite struct InvocationTests {
    @Test func aRefusalNamesTheOptionsAsTypedThatItIsAbout() {
        let message = "direction: 'sideways' must be one of incoming, outgoing; city: 'Atlantis' no such city"
        #expect(Invocation.namingOptions(message, sent: ["city", "direction", "from"]) == message + " (--direction, --city)")
        #expect(Invocation.namingOptions("records: line 3 …", sent: ["city"]) == "records: line 3 …", "nothing typed is named")
        #expect(Invocation.namingOptions("cityscape: x", sent: ["city"]) == "cityscape: x", "a whole key, not a prefix")
    }
}
