/// What the OpenAPI document tells about a route beyond its method, path, summary and
/// access: parameters, request body and responses. Every part is optional; a route
/// without documentation is still listed with its path parameters.
///
///     .api(.get, "/echo/stories", access: .public, summary: "Published stories, newest first",
///          documentation: RouteDocumentation(
///              query: [.cursor, .limit],
///              response: .page(of: .contentItem())),
///          handler: EchoAPI.stories)
public struct RouteDocumentation: Sendable {
    public struct Parameter: Sendable {
        public enum Location: String, Sendable {
            case path, query, header
        }

        public var name: String
        public var location: Location
        public var description: String
        public var required: Bool
        public var schema: JSONSchema

        public init(_ name: String, in location: Location = .query, _ schema: JSONSchema = .string, description: String = "", required: Bool = false) {
            self.name = name
            self.location = location
            self.description = description
            self.required = location == .path || required
            self.schema = schema
        }

        /// `?cursor=`: where the next page starts (from a previous page's `next`).
        public static let cursor = Parameter("cursor", .string, description: "Opaque position from a previous page's `next` link")
        /// `?limit=`: items per page.
        public static let limit = Parameter(
            "limit", JSONSchema(["type": "integer", "minimum": 1, "maximum": 100]), description: "Items per page (default 20)")
    }

    public struct Body: Sendable {
        public var contentType: String
        public var schema: JSONSchema
        public var description: String

        public init(_ schema: JSONSchema, contentType: String = "application/json", description: String = "") {
            self.contentType = contentType
            self.schema = schema
            self.description = description
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var description: String
        public var body: Body?

        public init(_ status: Int, _ description: String, body: Body? = nil) {
            self.status = status
            self.description = description
            self.body = body
        }
    }

    /// Longer explanation (Markdown, as OpenAPI allows).
    public var description: String?
    /// Path (beyond those in the route's path, which are listed anyway), query and header parameters.
    public var parameters: [Parameter]
    public var requestBody: Body?
    /// Successful responses; errors share the kernel's error shape and are listed for every route.
    public var responses: [Response]

    public init(description: String? = nil, parameters: [Parameter] = [], requestBody: Body? = nil, responses: [Response] = []) {
        self.description = description
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
    }

    /// The common case: query parameters, a JSON request body, and one JSON response
    /// (200, or `status`).
    public init(
        description: String? = nil, query: [Parameter] = [], request: JSONSchema? = nil, response: JSONSchema? = nil,
        status: Int = 200, responseDescription: String = "Success"
    ) {
        self.init(
            description: description, parameters: query, requestBody: request.map { Body($0) },
            responses: [Response(status, responseDescription, body: response.map { Body($0) })])
    }
}
