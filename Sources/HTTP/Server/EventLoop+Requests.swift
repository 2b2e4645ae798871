import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Reading, parsing, dispatching and writing for one connection, on its loop's thread.
extension EventLoop {
    /// Output beyond which no further pipelined request is parsed until the client reads.
    private static let outputHighWater = 256 * 1024
    /// Bytes read and dropped from a closing connection before giving up on a clean close.
    private static let lingerDiscardLimit = 1024 * 1024

    /// Does everything the connection allows now: parse what is buffered, read what the
    /// socket holds, write what is answered, and close once a closing connection is done.
    func service(_ connection: Connection) {
        guard connection.isOpen else { return }
        if connection.lingering {
            discardLingering(connection)
            return
        }
        while true {
            if hasRoom(connection), connection.inputStalled { parseUnparsed(connection) }
            if hasRoom(connection), connection.readable { readRequests(connection) }
            guard connection.isOpen else { return }
            writeResponses(connection)
            guard connection.isOpen, !connection.lingering else { return }
            // Writing may have made room for requests that already arrived.
            guard hasRoom(connection), connection.inputStalled || connection.readable else { break }
        }
        updateDeadline(connection)
    }

    private func hasRoom(_ connection: Connection) -> Bool {
        !connection.closing
            && connection.pending.count < context.configuration.maxPipelinedRequests
            && connection.output.byteCount < Self.outputHighWater
    }

    private func readRequests(_ connection: Connection) {
        while connection.readable, hasRoom(connection) {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 {
                // Edge-triggered: a short read drained the socket and new data raises a new
                // edge. A FIN that came with the data raises none, so then read on to the 0.
                if count < readBuffer.count, !connection.peerHangUp { connection.readable = false }
                consume(connection, UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            } else if count == 0 {
                connection.readable = false
                connection.inputClosed = true
                // Requests already buffered are still answered; a cut-off one never completes.
                if !connection.inputStalled { endInput(connection) }
            } else {
                switch errno {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    connection.readable = false
                default:
                    closeConnection(connection)
                }
                return
            }
        }
    }

    private func endInput(_ connection: Connection) {
        connection.closing = true
        connection.continueRequested = false
        connection.unparsed = []
    }

    private func consume(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) {
        if connection.unparsed.isEmpty {
            let used = parseRequests(connection, bytes)
            if used < bytes.count, !connection.closing {
                connection.unparsed.append(contentsOf: bytes[used...])
            }
        } else {
            connection.unparsed.append(contentsOf: bytes)
            parseUnparsed(connection)
        }
    }

    private func parseUnparsed(_ connection: Connection) {
        var buffer: [UInt8] = []
        swap(&buffer, &connection.unparsed)
        let used = buffer.withUnsafeBytes { parseRequests(connection, $0) }
        if !connection.closing, used < buffer.count {
            buffer.removeFirst(used)
            connection.unparsed = buffer
        }
        if connection.inputClosed, !connection.inputStalled { endInput(connection) }
    }

    /// Parses and dispatches requests from `input` while there is room; returns the bytes used.
    private func parseRequests(_ connection: Connection, _ input: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        connection.inputStalled = false
        while offset < input.count, !connection.closing {
            guard hasRoom(connection) else {
                connection.inputStalled = true
                break
            }
            let (used, outcome) = connection.parser.parse(input.slice(offset..<input.count))
            offset += used
            switch outcome {
            case .needMoreData:
                return offset
            case .expectsContinue:
                connection.continueRequested = true
            case .request(let request, let keepAlive):
                dispatch(request, keepAlive: keepAlive, on: connection)
            case .failed(let error):
                reject(connection, error)
                return offset
            }
        }
        return offset
    }

    private func dispatch(_ request: Request, keepAlive: Bool, on connection: Connection) {
        var request = request
        request.remoteAddress = connection.info.remoteAddress
        connection.continueRequested = false
        let sequence = connection.nextSequence
        connection.nextSequence &+= 1
        let keepAlive = keepAlive && !draining
        if !keepAlive { connection.closing = true }
        let method = request.method
        let path = request.path
        connection.pending.append(Connection.PendingResponse(
            sequence: sequence, response: nil, isHead: method == .head, keepAlive: keepAlive, version: request.version
        ))
        switch context.responder.respond(to: request, connection: connection.info) {
        case .immediately(let response):
            connection.pending[connection.pending.count - 1].response = response
        case .onWorkerPool(let work):
            let mailbox = self.mailbox
            let key = connection.key
            let queued = context.workerPool.submit {
                mailbox.post(.response(connection: key, sequence: sequence, work()))
            }
            if !queued {
                let error = RequestError(.serviceUnavailable, "the server is busy; try again in a moment")
                report(error, method: method, path: path, on: connection)
                var response = Self.response(for: error)
                response.headers["Retry-After"] = "1"
                connection.pending[connection.pending.count - 1].response = response
            }
        }
    }

    /// Queues the engine's own answer to a refused request and stops reading: after a framing
    /// error the rest of the stream cannot be trusted (RFC 9112 §9.3.2 and §6.3).
    func reject(_ connection: Connection, _ error: RequestError) {
        let line = connection.parser.requestLine
        report(error, method: line?.method, path: line?.path, on: connection)
        connection.refused = true
        endInput(connection)
        connection.inputStalled = false
        let sequence = connection.nextSequence
        connection.nextSequence &+= 1
        connection.pending.append(Connection.PendingResponse(
            sequence: sequence, response: Self.response(for: error), isHead: false, keepAlive: false, version: .http1_1
        ))
    }

    private func report(_ error: RequestError, method: Method?, path: String?, on connection: Connection) {
        context.statistics.recordRejection(error.status)
        context.onEngineResponse?(EngineResponse(
            status: error.status, method: method, path: path, reason: error.message, connection: connection.info
        ))
    }

    private static func response(for error: RequestError) -> Response {
        .text("\(error.status.code) \(error.status.reasonPhrase): \(error.message)\n", status: error.status)
    }

    /// Serializes the answered responses at the head of the queue, in request order, and writes.
    private func writeResponses(_ connection: Connection) {
        while let first = connection.pending.first, let response = first.response {
            let close = !first.keepAlive || (connection.closing && connection.pending.count == 1)
            ResponseSerializer.write(
                response, isHead: first.isHead, close: close, version: first.version, date: date.line,
                into: &connection.output
            )
            connection.pending.removeFirst()
            if close {
                endInput(connection)
                connection.pending.removeAll()
                break
            }
        }
        if connection.continueRequested, connection.pending.isEmpty, !connection.closing {
            connection.output.write { $0.append(contentsOf: ResponseSerializer.continueLine) }
            connection.continueRequested = false
        }
        if !connection.output.isEmpty, connection.writable {
            let before = connection.output.byteCount
            switch connection.output.send(to: connection.fd) {
            case .flushed:
                break
            case .blocked:
                connection.writable = false
            case .failed:
                closeConnection(connection)
                return
            }
            if connection.output.byteCount < before { connection.madeWriteProgress = true }
        }
        if connection.closing, connection.pending.isEmpty, connection.output.isEmpty {
            finish(connection)
        }
    }

    /// Closes the connection once its last response is written. After a refusal the client
    /// may still be sending (a 413's body): closing with unread input would reset the
    /// connection and could destroy the response before the client reads it, so then we
    /// close our side only and wait briefly for the client's FIN, dropping what it sends.
    private func finish(_ connection: Connection) {
        if connection.inputClosed || !connection.refused {
            closeConnection(connection)
            return
        }
        _ = clinux_shutdown_write(connection.fd)
        connection.lingering = true
        updateDeadline(connection)
        connection.readable = true
        discardLingering(connection)
    }

    private func discardLingering(_ connection: Connection) {
        while connection.readable {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 {
                connection.lingerDiscarded += count
                if connection.lingerDiscarded > Self.lingerDiscardLimit { return closeConnection(connection) }
                if count < readBuffer.count, !connection.peerHangUp { connection.readable = false }
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                connection.readable = false
            } else {
                return closeConnection(connection)
            }
        }
    }
}
