import Foundation
import HTTP
import Synchronization

/// Protection of HTML forms against cross-site request forgery: signed tokens bound to the
/// browser (a signed double-submit).
///
/// A form's `_csrf` field holds HMAC-SHA256(server secret, binding), where the binding is the
/// hash of the session token for a signed-in person, or the value of a random, HttpOnly
/// `teilhabe-csrf` cookie for everyone else (set when the first form is rendered). Another
/// site can make a browser send the cookies, but cannot read them nor the page, so it cannot
/// produce the field. The kernel checks every POST, PUT, PATCH and DELETE to a page route
/// before access checks and handlers run; a new session (sign-in, rotation) makes earlier
/// tokens invalid.
///
/// JSON API routes are not form targets: requests with a bearer token cannot be forged by a
/// browser, and unsafe API requests riding on the session cookie must be `application/json`,
/// which a cross-site page can only send after a CORS preflight that the server never grants.
public enum CSRFProtection {
    public static let fieldName = "_csrf"
    public static let headerName = "X-CSRF-Token"

    static func token(for binding: String, secret: ServerSecret) -> String {
        Base64URL.encode(secret.authenticate(Array("csrf|\(binding)".utf8)))
    }

    /// What the token of a request is bound to: its session, else its CSRF cookie.
    static func binding(principal: Principal, request: Request, settings: SessionSettings) -> String? {
        if case .session(_, let binding) = principal.credential { return "session:\(binding)" }
        if let cookie = Cookies.value(settings.csrfCookieName, in: request), cookie.utf8.count == 43 {
            return "browser:\(cookie)"
        }
        return nil
    }

    /// Throws 403 unless the request carries the token its binding requires.
    static func verify(_ request: Request, principal: Principal, settings: SessionSettings, secret: ServerSecret) throws {
        let refusal = HTTPError(.forbidden, "This form has expired or did not come from this site. Go back, reload the page and send it again.", field: fieldName)
        guard let binding = binding(principal: principal, request: request, settings: settings),
              let sent = submittedToken(in: request) else { throw refusal }
        guard constantTimeEquals(Array(sent.utf8), Array(token(for: binding, secret: secret).utf8)) else { throw refusal }
    }

    /// The token from the `X-CSRF-Token` header or the form's `_csrf` field.
    static func submittedToken(in request: Request) -> String? {
        if let header = request.headers[headerName] { return header }
        let contentType = request.headers["Content-Type"]?.lowercasedASCII() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            guard let text = String(validating: request.body, as: UTF8.self) else { return nil }
            return PercentDecoding.formItems(text).first { $0.name == fieldName }?.value
        }
        if contentType.hasPrefix("multipart/form-data") { return multipartField(fieldName, in: request.body, contentType: contentType) }
        return nil
    }

    /// The value of a small text field of a multipart form.
    private static func multipartField(_ name: String, in body: [UInt8], contentType: String) -> String? {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        let boundary = contentType[boundaryRange.upperBound...].split(separator: ";").first
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
        guard !boundary.isEmpty else { return nil }
        let text = String(decoding: body, as: UTF8.self)
        for part in text.components(separatedBy: "--\(boundary)") {
            guard let headerEnd = part.range(of: "\r\n\r\n") else { continue }
            let headers = part[..<headerEnd.lowerBound].lowercased()
            guard headers.contains("name=\"\(name)\"") else { continue }
            return String(part[headerEnd.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }
}

/// The CSRF token of one request, for the forms a page renders. A person without a session
/// and without the CSRF cookie gets one minted on first use; the kernel then sets the cookie
/// on the response.
public final class CSRFToken: Sendable {
    private struct State {
        var binding: String?
        var mintedCookie: String?
    }

    private let state: Mutex<State>
    private let secret: ServerSecret
    private let settings: SessionSettings

    init(binding: String?, secret: ServerSecret, settings: SessionSettings) {
        state = Mutex(State(binding: binding))
        self.secret = secret
        self.settings = settings
    }

    /// The value for a form's hidden `_csrf` field.
    public var value: String {
        state.withLock { state in
            if let binding = state.binding { return CSRFProtection.token(for: binding, secret: secret) }
            let cookie = SecureRandom.token()
            state.mintedCookie = cookie
            state.binding = "browser:\(cookie)"
            return CSRFProtection.token(for: "browser:\(cookie)", secret: secret)
        }
    }

    /// The `Set-Cookie` value the response needs when a token was minted for this request.
    var cookieToSet: String? {
        state.withLock { state in
            state.mintedCookie.map { Cookies.set(settings.csrfCookieName, $0, maxAge: 86_400, secure: settings.secureCookies) }
        }
    }
}
