import CCrypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A client TLS session over a connected socket, through libssl: TLS 1.2 or newer, the
/// server's certificate checked against the system's authorities (and an optional CA file)
/// and against the host name, unless self-signed certificates are explicitly allowed.
final class TLSSession {
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    private init(context: OpaquePointer, ssl: OpaquePointer) {
        self.context = context
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    static func handshake(fd: Int32, host: String, allowSelfSigned: Bool, caFile: String?) throws(MailDeliveryError) -> TLSSession {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .temporary("TLS: \(lastError())") }
        guard ccrypto_ssl_ctx_set_min_proto_tls12(context) == 1 else {
            SSL_CTX_free(context)
            throw .temporary("TLS: cannot require TLS 1.2: \(lastError())")
        }
        if allowSelfSigned {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            _ = SSL_CTX_set_default_verify_paths(context)
            if let caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
                SSL_CTX_free(context)
                throw .temporary("TLS: cannot load the certificate authorities in \(caFile): \(lastError())")
            }
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw .temporary("TLS: \(lastError())")
        }
        let session = TLSSession(context: context, ssl: ssl)
        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        if !isAddress { _ = ccrypto_ssl_set_tlsext_host_name(ssl, host) }
        if !allowSelfSigned && SSL_set1_host(ssl, host) != 1 {
            throw .temporary("TLS: cannot check the certificate against \(host): \(lastError())")
        }
        guard SSL_set_fd(ssl, fd) == 1 else { throw .temporary("TLS: \(lastError())") }
        ERR_clear_error()
        if SSL_connect(ssl) != 1 {
            let verification = SSL_get_verify_result(ssl)
            if verification != X509_V_OK {
                let reason = String(cString: X509_verify_cert_error_string(verification))
                throw .temporary("TLS: the certificate of \(host) was refused: \(reason) (set mail.caFile, or mail.allowSelfSigned for a test relay)")
            }
            throw .temporary("TLS handshake with \(host) failed: \(lastError())")
        }
        return session
    }

    func write(_ bytes: [UInt8]) throws(MailDeliveryError) -> Int {
        ERR_clear_error()
        let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        guard written > 0 else { throw failure(written, doing: "sending") }
        return Int(written)
    }

    func read(into buffer: inout [UInt8]) throws(MailDeliveryError) -> Int {
        ERR_clear_error()
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        if count > 0 { return Int(count) }
        if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { return 0 }
        throw failure(count, doing: "reading")
    }

    func close() {
        _ = SSL_shutdown(ssl)
    }

    private func failure(_ result: Int32, doing what: String) -> MailDeliveryError {
        let code = SSL_get_error(ssl, result)
        if code == SSL_ERROR_SYSCALL, errno == EAGAIN || errno == EWOULDBLOCK {
            return .temporary("TLS: the relay timed out while \(what)")
        }
        return .temporary("TLS: \(what) failed (\(code)): \(Self.lastError())")
    }

    private static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no detail from libssl" }
        var text = [UInt8](repeating: 0, count: 256)
        text.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { ERR_error_string_n(code, $0.baseAddress, $0.count) }
        }
        return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
    }
}
