import Foundation
import Testing
@testable import VanortDaemon

/// The web face's sign-in limits, decided without a clock or a server: five failures per
/// address or client within fifteen minutes, then a wait until the oldest leaves the window.
@Suite struct SignInLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theSixthAttemptWithinTheWindowWaitsUntilTheOldestFailureLeavesIt() {
        var limiter = SignInLimiter()
        let keys = SignInLimiter.keys(email: " Anna@Example.org", client: "192.0.2.7")
        for minute in 0..<5 {
            #expect(limiter.blockedUntil(keys, now: start.addingTimeInterval(Double(minute) * 60)) == nil)
            limiter.failed(keys, at: start.addingTimeInterval(Double(minute) * 60))
        }
        #expect(limiter.blockedUntil(keys, now: start.addingTimeInterval(300)) == start.addingTimeInterval(SignInLimiter.window))
        #expect(limiter.blockedUntil(keys, now: start.addingTimeInterval(SignInLimiter.window)) == nil, "the oldest failure has left the window")
    }

    @Test func anAddressIsLimitedWhateverItsCaseAndFromWhateverClient() {
        var limiter = SignInLimiter()
        for client in 1...5 { limiter.failed(SignInLimiter.keys(email: "anna@example.org", client: "192.0.2.\(client)"), at: start) }
        #expect(limiter.blockedUntil(SignInLimiter.keys(email: "ANNA@example.org", client: "198.51.100.1"), now: start) != nil)
        #expect(limiter.blockedUntil(SignInLimiter.keys(email: "erik@example.org", client: "198.51.100.1"), now: start) == nil)
    }

    @Test func aClientGuessingManyAddressesIsLimitedAndASuccessClearsOnlyItsAddress() {
        var limiter = SignInLimiter()
        for n in 1...5 { limiter.failed(SignInLimiter.keys(email: "user\(n)@example.org", client: "203.0.113.9"), at: start) }
        let next = SignInLimiter.keys(email: "user6@example.org", client: "203.0.113.9")
        #expect(limiter.blockedUntil(next, now: start) != nil, "the client's own failures count")
        limiter.succeeded(SignInLimiter.keys(email: "user1@example.org", client: "203.0.113.9"))
        #expect(limiter.blockedUntil(next, now: start) != nil, "one right password does not excuse the client's guesses")
    }

    @Test func itKeepsAtMostItsBoundOfKeys() {
        var limiter = SignInLimiter()
        for n in 0..<(SignInLimiter.maximumKeys / 2 + 10) {
            limiter.failed(SignInLimiter.keys(email: "u\(n)@example.org", client: "c\(n)"), at: start.addingTimeInterval(Double(n)))
        }
        #expect(limiter.count <= SignInLimiter.maximumKeys)
    }
}
