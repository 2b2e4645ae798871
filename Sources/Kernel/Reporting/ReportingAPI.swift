import Foundation
import HTTP

/// The JSON side of reporting: the facts a region's modules count, funded projects, and
/// their reports (`GET …/reports/projects/{id}/report?from=&to=`).
enum ReportingAPI {
    static let routes: [Route] = [
        .api(.get, "/reports/facts", access: .action(ReportingService.readReports),
             summary: "The facts the region's modules count, with their target groups", handler: facts),
        .api(.get, "/reports/indicators", access: .action(ReportingService.readReports),
             summary: "Every fact counted over a period (?from=&to=, days; default: this year)", handler: indicators),
        .api(.get, "/reports/projects", access: .action(ReportingService.readReports),
             summary: "Funded projects covering the region", handler: projects),
        .api(.post, "/reports/projects", access: .action(ReportingService.manageProjects),
             summary: "Create a funded project with its categories and targets", handler: create),
        .api(.get, "/reports/projects/{id}", access: .action(ReportingService.readReports),
             summary: "A funded project with its categories and targets", handler: project),
        .api(.delete, "/reports/projects/{id}", access: .action(ReportingService.manageProjects),
             summary: "Delete a funded project (its home region only)", handler: delete),
        .api(.get, "/reports/projects/{id}/report", access: .action(ReportingService.readReports),
             summary: "Targets against actual per category and region (?from=&to=, days within the period)", handler: report),
    ]

    @Sendable static func facts(_ request: Request, _ context: RequestContext) throws -> Response {
        let facts = context.services.reporting.facts(in: context.region).map { fact -> JSONValue in
            .object([
                "id": .string(fact.id), "module": .string(fact.module), "title": .string(fact.title(languages: context.languages)),
                "summary": .string(fact.declaration.summary), "counting": .string(fact.declaration.counting.rawValue),
                "sizeTitle": fact.sizeTitle(languages: context.languages).map(JSONValue.string) ?? .null,
                "targetGroups": .array(fact.declaration.targetGroups.map { group in
                    .object(["key": .string(group.key), "title": .string(fact.targetGroupTitle(group.key, languages: context.languages))])
                }),
            ])
        }
        return try .json(["items": JSONValue.array(facts)])
    }

    @Sendable static func indicators(_ request: Request, _ context: RequestContext) throws -> Response {
        let (from, to) = try ReportingPages.yearOrPeriod(request, context)
        let counts = try context.services.reporting.indicators(region: context.region, from: from, to: to, languages: context.languages)
        return try .json(IndicatorList(firstDay: from.description, lastDay: to.description, items: counts))
    }

    struct IndicatorList: Encodable {
        var firstDay: String
        var lastDay: String
        var items: [IndicatorCount]
    }

    @Sendable static func projects(_ request: Request, _ context: RequestContext) throws -> Response {
        let projects = try context.read { db in try context.services.reporting.projects(in: db) }
        return try .json(["items": projects])
    }

    struct NewProject: Decodable {
        struct Category: Decodable {
            var name: String
            var targets: [Target]?
        }

        struct Target: Decodable {
            var fact: String
            var targetGroup: String?
            var minimumSize: Int?
            var value: Int
        }

        var name: String
        var funder: String?
        var reference: String?
        var firstDay: String
        var lastDay: String
        var categories: [Category]?
    }

    /// `POST …/reports/projects` with `{"name", "funder", "reference", "firstDay", "lastDay",
    /// "categories": [{"name", "targets": [{"fact", "targetGroup", "minimumSize", "value"}]}]}`.
    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeJSON(NewProject.self)
        let reporting = context.services.reporting
        let categories = try (input.categories ?? []).enumerated().map { index, category in
            ReportingService.NewCategory(name: category.name, targets: try (category.targets ?? []).enumerated().map { targetIndex, target in
                let new = NewProjectTarget(
                    categoryID: 0, fact: target.fact, targetGroup: target.targetGroup, minimumSize: target.minimumSize, value: target.value)
                do {
                    return try reporting.validate(new)
                } catch let error as ReportingError {
                    throw HTTPError.unprocessable(error.description, field: "categories[\(index)].targets[\(targetIndex)].\(error.field ?? "fact")")
                }
            })
        }
        let project: FundedProject = try mapped {
            try reporting.createProject(
                ProjectDetails(name: input.name, funder: input.funder ?? "", reference: input.reference ?? "",
                               firstDay: input.firstDay, lastDay: input.lastDay),
                categories: categories, region: context.region.id, actor: AuditActor(context.principal))
        }
        return try .json(["project": project], status: .created)
    }

    @Sendable static func project(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try projectID(request)
        guard let project = try context.read({ db in try context.services.reporting.project(id, in: db) }) else {
            throw ReportingError.projectNotFound(id).httpError
        }
        return try .json(["project": project])
    }

    @Sendable static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try projectID(request)
        try mapped { try context.services.reporting.deleteProject(id, region: context.region.id, actor: AuditActor(context.principal)) }
        return Response(status: .noContent)
    }

    @Sendable static func report(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try projectID(request)
        let (from, to) = try ReportingPages.period(request)
        let report = try mapped {
            try context.services.reporting.report(project: id, region: context.region.id, from: from, to: to, languages: context.languages)
        }
        return try .json(report)
    }

    static func projectID(_ request: Request) throws -> Int64 {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        return id
    }

    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportingError {
            throw error.httpError
        }
    }
}
