import CLinux

/// Header, body, idle, write and linger deadlines: which list a connection is on, and what
/// happens when its deadline passes.
extension EventLoop {
    func deadlines(_ kind: Connection.TimeoutKind) -> DeadlineList {
        switch kind {
        case .header: headerDeadlines
        case .body: bodyDeadlines
        case .idle: idleDeadlines
        case .write: writeDeadlines
        case .linger: lingerDeadlines
        }
    }

    /// Moves the connection to the deadline list for its current state. Staying in the same
    /// state for the same request keeps the deadline (a trickle of bytes does not extend a
    /// header timeout); a new request, or write progress, starts it afresh.
    func updateDeadline(_ connection: Connection) {
        guard connection.isOpen else { return }
        let kind: Connection.TimeoutKind?
        if connection.lingering {
            kind = .linger
        } else if !connection.output.isEmpty, !connection.writable {
            kind = .write
        } else if connection.closing || connection.inputStalled {
            kind = nil
        } else if !connection.isBetweenRequests {
            kind = connection.parser.isReadingBody ? .body : .header
        } else if !connection.pending.isEmpty {
            kind = nil
        } else {
            kind = connection.nextSequence == 0 ? .header : .idle
        }
        let rearm = kind == .write ? connection.madeWriteProgress : connection.deadlineSequence != connection.nextSequence
        connection.madeWriteProgress = false
        guard kind != connection.timeoutKind || rearm else { return }
        if let current = connection.timeoutKind { deadlines(current).remove(connection) }
        if let kind { deadlines(kind).append(connection, now: now) }
        connection.deadlineSequence = connection.nextSequence
    }

    func expireDeadlines() {
        for list in allDeadlines {
            while let connection = list.first, connection.deadline <= now {
                list.remove(connection)
                timedOut(connection, kind: list.kind)
            }
        }
    }

    private func timedOut(_ connection: Connection, kind: Connection.TimeoutKind) {
        let configuration = context.configuration
        switch kind {
        case .header where !connection.isBetweenRequests:
            reject(connection, RequestError(.requestTimeout, "request head not received within \(configuration.headerReadTimeout)"))
            service(connection)
        case .body:
            reject(connection, RequestError(.requestTimeout, "request body not received within \(configuration.bodyReadTimeout)"))
            service(connection)
        case .header, .idle, .write, .linger:
            closeConnection(connection)
        }
    }

    func nextTimeout() -> Int32 {
        var earliest = UInt64.max
        for list in allDeadlines {
            if let first = list.first { earliest = min(earliest, first.deadline) }
        }
        if let paused = acceptPausedUntil { earliest = min(earliest, paused) }
        guard earliest != .max else { return -1 }
        let current = clinux_monotonic_nanoseconds()
        guard earliest > current else { return 0 }
        return Int32(min((earliest - current + 999_999) / 1_000_000, 60_000))
    }
}
