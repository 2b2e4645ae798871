/// Turns a `Response` into HTTP/1.1 bytes. The server owns the framing fields: it writes
/// `Content-Length`, `Date` and `Connection` itself and drops the handler's versions of
/// those (and `Transfer-Encoding`), so a handler cannot desynchronise the connection.
enum ResponseSerializer {
    /// Bodies at least this large are queued by reference instead of copied.
    static let sharedBodyThreshold = 16 * 1024

    static func write(
        _ response: Response, isHead: Bool, close: Bool, version: Version, date: [UInt8],
        into output: inout OutputQueue
    ) {
        let status = response.status
        let sendsBody = status.allowsBody && !isHead
        let shareBody = sendsBody && response.body.count >= sharedBodyThreshold
        output.write { out in
            out.append(contentsOf: statusLine(status))
            var declaredLength: String?
            for field in response.headers {
                switch ManagedField(field.name) {
                case .contentLength:
                    declaredLength = field.value
                    continue
                case .managed:
                    continue
                case .handlerOwned:
                    break
                }
                guard appendToken(field.name, to: &out) else { continue }
                out.append(UInt8(ascii: ":"))
                out.append(.space)
                appendSanitized(field.value, to: &out)
                out.append(.cr)
                out.append(.lf)
            }
            if status.allowsBody {
                out.append(contentsOf: "Content-Length: ".utf8)
                // HEAD: the length GET would send; a handler answering HEAD without a body may declare it.
                if isHead, response.body.isEmpty, let declaredLength, !declaredLength.isEmpty,
                   declaredLength.utf8.allSatisfy(\.isDecimalDigit) {
                    out.append(contentsOf: declaredLength.utf8)
                } else {
                    appendDecimal(response.body.count, to: &out)
                }
                out.append(.cr)
                out.append(.lf)
            }
            out.append(contentsOf: date)
            if close {
                out.append(contentsOf: "Connection: close\r\n".utf8)
            } else if version == .http1_0 {
                out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
            }
            out.append(.cr)
            out.append(.lf)
            if sendsBody, !shareBody {
                out.append(contentsOf: response.body)
            }
        }
        if shareBody {
            output.append(shared: response.body)
        }
    }

    /// The interim `100 Continue` for a client that waits before sending its body.
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private enum ManagedField {
        case contentLength, managed, handlerOwned

        init(_ name: String) {
            var name = name
            self = name.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                switch raw.count {
                case 4 where raw.equalsIgnoringASCIICase("date"): return .managed
                case 10 where raw.equalsIgnoringASCIICase("connection"): return .managed
                case 14 where raw.equalsIgnoringASCIICase("content-length"): return .contentLength
                case 17 where raw.equalsIgnoringASCIICase("transfer-encoding"): return .managed
                default: return .handlerOwned
                }
            }
        }
    }

    /// Appends a header name when it is a valid token; false (and nothing appended) otherwise.
    private static func appendToken(_ name: String, to out: inout [UInt8]) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            for byte in bytes where !byte.isTokenCharacter { return false }
            out.append(contentsOf: bytes)
            return true
        }
    }

    /// CR, LF and NUL in a value would end the field early (header injection); they become spaces.
    private static func appendSanitized(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            let start = out.count
            out.append(contentsOf: bytes)
            for index in start..<out.count where out[index] == .cr || out[index] == .lf || out[index] == 0 {
                out[index] = .space
            }
        }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value, index = buffer.count
            while remaining > 0 {
                index -= 1
                buffer[index] = UInt8(remaining % 10) + UInt8(ascii: "0")
                remaining /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    private static func statusLine(_ status: Status) -> [UInt8] {
        if (100..<600).contains(status.code) { return statusLines[status.code - 100] }
        return Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
    }

    /// `HTTP/1.1 <code> <reason>\r\n` for every code from 100 to 599, built once.
    private static let statusLines: [[UInt8]] = (100..<600).map {
        Array("HTTP/1.1 \($0) \(Status($0).reasonPhrase)\r\n".utf8)
    }
}
