import Foundation

/// How long a failed job waits before its next attempt: exponential backoff with jitter,
/// so that jobs failing together (a relay down) do not retry in lockstep.
struct RetryPolicy: Sendable {
    var base: Duration
    var maximum: Duration

    /// The wait after failed attempt number `attempt` (1-based): base × 2^(attempt−1),
    /// capped at the maximum, of which the second half is random ("equal jitter").
    func delay(afterAttempt attempt: Int) -> TimeInterval {
        let baseSeconds = base.inSeconds
        let exponent = Double(min(max(attempt - 1, 0), 40))
        let full = min(baseSeconds * pow(2, exponent), maximum.inSeconds)
        return full / 2 + Double.random(in: 0...(full / 2))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
