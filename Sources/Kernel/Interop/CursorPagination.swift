import Foundation
import HTTP

/// Cursor pagination for every list of the API. A cursor is an opaque, signed token that
/// holds where the next page starts (any `Codable` position, such as `ContentListPosition`)
/// and is bound to the list's path, so it cannot be forged, altered or used on another
/// list. A page answers `{"items": [...], "next": "<url>" | null}` and a `Link: rel="next"`
/// header.
///
///     let after = try request.cursor(ContentListPosition.self, context: context)
///     let page = try context.read { db in try context.services.content.list(ContentQuery(…, after: after), in: db) }
///     return try .page(page.items, next: page.next, request: request, context: context) { item, output in
///         item.writeJSON(into: &output, url: …)
///     }
public enum CursorPagination {
    /// How long a cursor stays valid.
    public static let lifetime: TimeInterval = 7 * 24 * 3600
    public static let defaultLimit = 20
    public static let maximumLimit = 100

    static func purpose(for path: String) -> String { "cursor " + path }

    /// A cursor for `position` on the list at `path`.
    public static func cursor(_ position: some Encodable, path: String, tokens: SignedTokens, now: Date) throws -> String {
        tokens.sign(purpose: purpose(for: path), subject: Base64URL.encode(try JSONCoding.encode(position)), expires: now.addingTimeInterval(lifetime))
    }

    /// The position in a cursor made for the list at `path`; 400 naming `cursor` otherwise.
    public static func position<Position: Decodable>(
        _ type: Position.Type, from cursor: String, path: String, tokens: SignedTokens, now: Date
    ) throws -> Position {
        let subject: String
        do {
            subject = try tokens.verify(cursor, purpose: purpose(for: path), now: now)
        } catch .expired {
            throw HTTPError.badRequest("cursor has expired; start again from the first page", field: "cursor")
        } catch {
            throw HTTPError.badRequest("cursor is not valid for this list; use the next link of a page as it is", field: "cursor")
        }
        guard let bytes = Base64URL.decode(subject), let position = try? JSONDecoder().decode(Position.self, from: Data(bytes)) else {
            throw HTTPError.badRequest("cursor is not valid for this list", field: "cursor")
        }
        return position
    }
}

extension Request {
    /// The position in `?cursor=`, or nil for the first page; 400 naming `cursor` when it is
    /// not a cursor of this list.
    public func cursor<Position: Decodable>(_ type: Position.Type, context: RequestContext) throws -> Position? {
        guard let cursor = queryValue("cursor"), !cursor.isEmpty else { return nil }
        return try CursorPagination.position(type, from: cursor, path: path, tokens: context.services.tokens, now: context.now)
    }

    /// `?limit=` (1…`maximum`, default `defaultValue`); 400 naming `limit` when it is not.
    public func limit(default defaultValue: Int = CursorPagination.defaultLimit, maximum: Int = CursorPagination.maximumLimit) throws -> Int {
        guard let text = queryValue("limit") else { return defaultValue }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw HTTPError.badRequest("limit must be a whole number from 1 to \(maximum)", field: "limit")
        }
        return limit
    }

    /// This request's path and query with `cursor` set to `cursor`.
    func url(withCursor cursor: String) -> String {
        var items = queryItems.filter { $0.name != "cursor" }.map { "\(PercentDecoding.encode($0.name))=\(PercentDecoding.encode($0.value))" }
        items.append("cursor=\(PercentDecoding.encode(cursor))")
        return path + "?" + items.joined(separator: "&")
    }
}

extension Response {
    /// A page of a list: `{"items": items, "next": url | null}` with a `Link` header for the
    /// next page, whose cursor holds `next` (nil on the last page).
    public static func page(
        _ items: [JSONValue], next: (some Encodable)?, request: Request, context: RequestContext
    ) throws -> Response {
        try page(items, next: next, request: request, context: context) { item, output in item.write(into: &output) }
    }

    /// A page of a list whose items write their own JSON (`ContentItem.writeJSON`): the same
    /// answer as `page(_:next:request:context:)` without a `JSONValue` per item.
    public static func page<Item>(
        _ items: [Item], next: (some Encodable)?, request: Request, context: RequestContext,
        writing write: (Item, inout [UInt8]) -> Void
    ) throws -> Response {
        try page(next: next, request: request, context: context, capacity: items.count * 512) { output in
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, &output)
            }
        }
    }

    /// A page whose items are already JSON, separated by commas (`ContentStore.writeList`).
    public static func page(
        writtenItems: [UInt8], next: (some Encodable)?, request: Request, context: RequestContext
    ) throws -> Response {
        try page(next: next, request: request, context: context, capacity: writtenItems.count) { output in
            output.append(contentsOf: writtenItems)
        }
    }

    private static func page(
        next: (some Encodable)?, request: Request, context: RequestContext, capacity: Int,
        writeItems: (inout [UInt8]) -> Void
    ) throws -> Response {
        var nextURL: String?
        if let next {
            nextURL = request.url(withCursor: try CursorPagination.cursor(next, path: request.path, tokens: context.services.tokens, now: context.now))
        }
        var output: [UInt8] = []
        output.reserveCapacity(64 + capacity + (nextURL?.utf8.count ?? 0))
        JSONOutput.append("{\"items\":[", to: &output)
        writeItems(&output)
        JSONOutput.append("],\"next\":", to: &output)
        if let nextURL {
            JSONLine.appendString(nextURL, to: &output)
        } else {
            JSONOutput.append("null", to: &output)
        }
        output.append(UInt8(ascii: "}"))
        var response = Response.json(output)
        if let nextURL { response.headers["Link"] = "<\(nextURL)>; rel=\"next\"" }
        return response
    }
}
