/// The connections waiting on one kind of timeout, in deadline order.
///
/// Every deadline on a list is "armed time + the same duration", so appending keeps the
/// list sorted: arming, disarming and finding the next expiry are O(1), with the links
/// stored in the connections themselves. One list per kind replaces a general timer heap.
final class DeadlineList {
    let kind: Connection.TimeoutKind
    let duration: UInt64
    private(set) var first: Connection?
    private var last: Connection?

    init(kind: Connection.TimeoutKind, duration: Duration) {
        self.kind = kind
        self.duration = UInt64(max(0, duration.nanoseconds))
    }

    func append(_ connection: Connection, now: UInt64) {
        connection.deadline = now &+ duration
        connection.timeoutKind = kind
        connection.previousInDeadlineList = last
        connection.nextInDeadlineList = nil
        if let last { last.nextInDeadlineList = connection } else { first = connection }
        last = connection
    }

    func remove(_ connection: Connection) {
        let previous = connection.previousInDeadlineList
        let next = connection.nextInDeadlineList
        if let previous { previous.nextInDeadlineList = next } else { first = next }
        if let next { next.previousInDeadlineList = previous } else { last = previous }
        connection.previousInDeadlineList = nil
        connection.nextInDeadlineList = nil
        connection.timeoutKind = nil
    }
}
