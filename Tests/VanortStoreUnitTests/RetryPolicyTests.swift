import Testing
import VanortStore

@Suite struct RetryPolicyTests {
    @Test func backOffDoublesUpToItsCap() {
        let policy = RetryPolicy(maxAttempts: 8, baseSeconds: 60, maximumSeconds: 600)
        #expect((1...6).map { policy.delay(afterAttempt: $0) } == [60, 120, 240, 480, 600, 600])
    }
}
