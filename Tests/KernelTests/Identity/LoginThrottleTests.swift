import Foundation
import Testing
@testable import Kernel

@Suite struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func fiveFailuresFromOneAddressStartADoublingWait() {
        let throttle = LoginThrottle()
        for attempt in 0..<4 {
            throttle.recordFailure(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(Double(attempt)))
        }
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(4)) == nil)
        throttle.recordFailure(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(4))
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(4)) == 1)
        throttle.recordFailure(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(10))
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: start.addingTimeInterval(10)) == 2)
        // The same person from another address is not held up by this address's failures.
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.2", now: start.addingTimeInterval(10)) == nil)
    }

    @Test func theWaitNeverExceedsFifteenMinutes() {
        let throttle = LoginThrottle()
        var now = start
        for _ in 0..<200 {
            throttle.recordFailure(email: "ana@example.org", client: "10.0.0.1", now: now)
            now = now.addingTimeInterval(1)
        }
        let wait = throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: now) ?? 0
        #expect(wait > 60 && wait <= 15 * 60)
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: now.addingTimeInterval(15 * 60)) == nil)
    }

    @Test func failuresFromEverywhereDelayThePersonByAMinuteAtMost() {
        let throttle = LoginThrottle()
        var now = start
        for attempt in 0..<500 {
            throttle.recordFailure(email: "ana@example.org", client: "192.0.2.\(attempt % 250)", now: now)
            now = now.addingTimeInterval(0.1)
        }
        let wait = throttle.wait(email: "ana@example.org", client: "198.51.100.7", now: now) ?? 0
        #expect(wait > 0 && wait <= 60)
    }

    @Test func oneAddressSprayingManyAccountsIsSlowed() {
        let throttle = LoginThrottle()
        for number in 0..<50 {
            throttle.recordFailure(email: "person\(number)@example.org", client: "10.0.0.9", now: start)
        }
        #expect(throttle.wait(email: "someone.else@example.org", client: "10.0.0.9", now: start) != nil)
        #expect(throttle.wait(email: "someone.else@example.org", client: "10.0.0.10", now: start) == nil)
    }

    @Test func successAndTimeForgive() {
        let throttle = LoginThrottle()
        for _ in 0..<5 { throttle.recordFailure(email: "ana@example.org", client: "10.0.0.1", now: start) }
        throttle.recordSuccess(email: "ana@example.org", client: "10.0.0.1")
        #expect(throttle.wait(email: "ana@example.org", client: "10.0.0.1", now: start) == nil)
        for _ in 0..<4 { throttle.recordFailure(email: "bo@example.org", client: "10.0.0.1", now: start) }
        // An hour later the count starts again: one more failure does not block.
        throttle.recordFailure(email: "bo@example.org", client: "10.0.0.1", now: start.addingTimeInterval(3601))
        #expect(throttle.wait(email: "bo@example.org", client: "10.0.0.1", now: start.addingTimeInterval(3601)) == nil)
    }
}
