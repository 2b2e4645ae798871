import HTTP

/// The OpenAPI 3.1 document of the JSON API, generated from the routes the kernel areas and
/// the linked modules declare (`GET /api/openapi.json`). Paths are the mounted ones
/// (`/api/v1/{region}/{lang}/…`); each operation is tagged with its module, lists its path
/// and query parameters, request body and successful responses from the route's
/// `RouteDocumentation`, the kernel's error shape as the default response, and bearer
/// authentication for routes that require an action (named in `x-teilhabe-action`).
public enum OpenAPIDocument {
    public static func generate(registry: ModuleRegistry, publicURL: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        var operationIDs: Set<String> = []
        var tags: [JSONValue] = []
        let sources: [(id: String, names: [String: String], routes: [Route])] =
            [(KernelManifest.id, ["en": "Kernel: search, content and translation across modules"], KernelManifest.routes)]
            + registry.manifests.map { ($0.id, $0.names, $0.routes) }
        for source in sources {
            let routes = source.routes.filter { $0.surface == .api }
            guard !routes.isEmpty else { continue }
            tags.append(["name": .string(source.id), "description": .string(source.names["en"] ?? source.names.values.sorted().first ?? source.id)])
            for route in routes {
                let path = RouteTable.mountedPath(of: route)
                var operationID = Self.operationID(module: source.id, route: route)
                while !operationIDs.insert(operationID).inserted { operationID += "_" }
                paths[path, default: [:]][route.method.rawValue.lowercased()] = operation(route, module: source.id, id: operationID)
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Teilhabe API",
                "version": .string(KernelVersion.current.description),
                "description": """
                    The JSON API of a Teilhabe server. Every path starts with the region and the \
                    reader's language; items carry the language actually served (`language`) and \
                    the languages available (`languages`). Lists are paged with opaque cursors \
                    (`next`). GET responses carry an ETag; send it back in If-None-Match to get \
                    304 Not Modified. Errors have the shape of the Error schema.
                    """,
            ],
            "servers": [["url": .string(publicURL)]],
            "tags": .array(tags),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": components,
        ]
    }

    static func operation(_ route: Route, module: String, id: String) -> JSONValue {
        let documentation = route.documentation
        var parameters: [JSONValue] = [
            ["$ref": "#/components/parameters/region"], ["$ref": "#/components/parameters/lang"],
        ]
        let documented = Dictionary(documentation.parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in pathParameters(of: route.path) {
            let parameter = documented[name] ?? RouteDocumentation.Parameter(name, in: .path)
            parameters.append(self.parameter(RouteDocumentation.Parameter(
                name, in: .path, parameter.schema, description: parameter.description, required: true)))
        }
        for parameter in documentation.parameters where parameter.location != .path {
            parameters.append(self.parameter(parameter))
        }
        var responses: [String: JSONValue] = [:]
        for response in documentation.responses {
            responses[String(response.status)] = self.response(response)
        }
        if responses.isEmpty {
            let status = route.method == .post ? 201 : 200
            responses[String(status)] = self.response(.init(status, "Success", body: .init(.any)))
        }
        if route.method == .get { responses["304"] = ["description": "Not modified: the If-None-Match ETag is current"] }
        responses["default"] = ["$ref": "#/components/responses/Error"]
        var operation: [String: JSONValue] = [
            "operationId": .string(id),
            "summary": .string(route.summary),
            "tags": [.string(module)],
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if let description = documentation.description { operation["description"] = .string(description) }
        if let body = documentation.requestBody {
            operation["requestBody"] = [
                "required": true,
                "description": .string(body.description),
                "content": [body.contentType: ["schema": body.schema.value]],
            ]
        }
        if case .action(let action) = route.access {
            operation["security"] = [["bearer": []]]
            operation["x-teilhabe-action"] = .string(action)
        }
        return .object(operation)
    }

    static func parameter(_ parameter: RouteDocumentation.Parameter) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
            "required": .bool(parameter.required), "schema": parameter.schema.value,
        ]
        if !parameter.description.isEmpty { object["description"] = .string(parameter.description) }
        return .object(object)
    }

    static func response(_ response: RouteDocumentation.Response) -> JSONValue {
        var object: [String: JSONValue] = ["description": .string(response.description)]
        if let body = response.body {
            object["content"] = [body.contentType: ["schema": body.schema.value]]
        }
        return .object(object)
    }

    static func pathParameters(of path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    /// `echo.getStoriesSlug`: module, method, then the path's words.
    static func operationID(module: String, route: Route) -> String {
        let words = route.path.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return "\(module).\(route.method.rawValue.lowercased())\(words.joined())"
    }

    static let components: JSONValue = [
        "securitySchemes": [
            "bearer": ["type": "http", "scheme": "bearer", "description": "An API token or session token of an account"],
        ],
        "parameters": [
            "region": [
                "name": "region", "in": "path", "required": true, "schema": ["type": "string"],
                "description": "The region's id, e.g. `demo`",
            ],
            "lang": [
                "name": "lang", "in": "path", "required": true, "schema": ["type": "string"],
                "description": "The reader's language, one the region speaks (`de`, `ar`, …)",
            ],
        ],
        "schemas": [
            "Error": JSONSchema.object([
                "error": .object([
                    "status": .integer, "message": .string, "requestId": .string,
                    "field": JSONSchema.string.described("The request field that is wrong"),
                ], optional: ["field"]),
            ]).value,
        ],
        "responses": [
            "Error": [
                "description": "An error, with a message a person can act on and the field at fault",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ],
        ],
    ]
}
