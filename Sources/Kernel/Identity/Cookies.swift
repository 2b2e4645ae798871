import HTTP

/// Reading the `Cookie` header and writing `Set-Cookie` values for the kernel's cookies.
/// Every kernel cookie is `HttpOnly` (no script reads it), `SameSite=Lax` (not sent with
/// cross-site form posts) and `Path=/`; with `secureCookies` it is also `Secure` and named
/// with the `__Host-` prefix, which browsers accept only from https without a `Domain`.
public enum Cookies {
    /// The value of the cookie `name`, or nil.
    public static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingASCIIWhitespace()
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    var value = trimmed[trimmed.index(after: equals)...]
                    if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                    return String(value)
                }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value; `maxAge` nil makes a cookie that ends with the browser session.
    public static func set(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        if secure { cookie += "; Secure" }
        return cookie
    }

    /// A `Set-Cookie` value that removes the cookie.
    public static func clear(_ name: String, secure: Bool) -> String {
        set(name, "", maxAge: 0, secure: secure)
    }
}
