import Testing
@testable import VanortReminders

/// The batch sizes a claim loop takes after a wake-up.
@Suite struct BatchRampTests {
    @Test func aBurstStartsWithASmallBatchAndGrowsFourfoldToTheFullSize() {
        var ramp = BatchRamp(limit: 500)
        #expect((0..<6).map { _ in ramp.next() } == [16, 64, 256, 500, 500, 500])
    }

    @Test func aLimitBelowTheFirstBatchIsNeverExceeded() {
        var ramp = BatchRamp(limit: 4)
        #expect((0..<3).map { _ in ramp.next() } == [4, 4, 4])
    }

    @Test func aLimitOfZeroStillClaimsOneAtATime() {
        var ramp = BatchRamp(limit: 0)
        #expect(ramp.next() == 1)
    }
}
