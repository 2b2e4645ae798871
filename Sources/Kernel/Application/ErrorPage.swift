import HTTP
import Web

/// The page people see when something is not found, not allowed or broken.
enum ErrorPage {
    static func render(_ error: HTTPError) -> String {
        let title = "\(error.status.code) \(error.status.reasonPhrase)"
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(escapeHTML(title))</title></head><body><main>\
            <h1>\(escapeHTML(title))</h1><p>\(escapeHTML(error.message))</p>\
            <p><a href="/">Home</a></p></main></body></html>
            """
    }
}
