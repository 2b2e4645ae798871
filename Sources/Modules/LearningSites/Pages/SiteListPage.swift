import Foundation
import HTTP
import Kernel
import Web

/// `GET /{region}/{lang}/learning-sites`: find a site near you, open now, in your language.
enum SiteListPage {
    @Sendable static func render(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let search = try SiteSearch(query: request, defaultLimit: 20)
        let (hits, total, texts, options) = try context.read { db in
            let (hits, total) = try SiteFinder.find(search, region: context.region, now: context.now, in: db)
            return (hits, total, try SiteTexts.texts(of: hits.map(\.site), language: context.language, services: context.services, in: db),
                    try SiteFilterOptions.load(region: context.region.id, in: db))
        }
        let zone = context.region.timeZone
        let page = search.offset / search.limit + 1
        let base = context.pageURL("/learning-sites")
        let query = request.queryItems.filter { $0.name != "page" }
        func link(_ page: Int) -> String {
            base + "?" + (query.map { "\(PercentDecoding.encode($0.name))=\(PercentDecoding.encode($0.value))" } + ["page=\(page)"]).joined(separator: "&")
        }
        return context.page(title: strings.listTitle) { pageContext in
            element("p") { strings.listIntro }
            filterForm(request, context, strings, options, pageContext)
            element("h2", ["id": "results"]) { strings.listResults(count: total) }
            if hits.isEmpty {
                element("p") { strings.listNone }
            }
            CardList(hits.map { hit in
                let site = hit.site
                var meta: [String] = [hit.openNow ? strings.openNow : strings.closedNow]
                if let distance = hit.distance { meta.append(SitePresentation.distance(distance, strings)) }
                if let visit = hit.visit {
                    meta.append(strings.mobileAt(place: visit.stop.placeName, when: SitePresentation.slot(visit.start, zone: zone, language: context.language)))
                } else if let address = site.address {
                    meta.append(address.singleLine)
                }
                if site.kind == .mobile { meta.append(strings.kindMobile) }
                return Card(
                    title: texts[site.id]?.name ?? site.name, url: context.pageURL(site.path), meta: meta,
                    summary: site.allLanguages.isEmpty ? nil : strings.languagesSpoken(languages: SitePresentation.languages(site.allLanguages, language: context.language)),
                    content: hit.nextSlot.map { slot in
                        element("p") {
                            strings.nextFreeSlot + " "
                            element("a", ["href": context.pageURL("/learning-sites/slots/\(slot.id)/book")
                                          + (search.language.map { "?language=\($0)" } ?? "")]) {
                                SitePresentation.slot(slot.start, zone: zone, language: context.language)
                            }
                        }
                    } ?? .empty)
            })
            Pagination(previous: page > 1 ? link(page - 1) : nil, next: search.offset + hits.count < total ? link(page + 1) : nil, in: pageContext)
            element("p", ["class": "meta"]) {
                element("a", ["href": "/api/v1/\(context.region.id)/\(context.language)/learning-sites/map"]) { strings.mapData }
            }
        }
    }

    static func filterForm(
        _ request: Request, _ context: RequestContext, _ strings: LearningSitesStrings, _ options: SiteFilterOptions, _ page: PageContext
    ) -> HTML {
        let state = FormState(submitted: request.queryItems)
        return element("details", ["class": "filters", "open": .flag(true)]) {
            element("summary") { strings.filterTitle }
            Form(action: context.pageURL("/learning-sites"), method: .get, state: state, in: page) { form in
                form.checkbox("open", label: strings.filterOpenNow)
                form.select("language", label: strings.filterLanguage, options: options.languages.map {
                    Choice($0, LanguageCode.name($0, in: context.language))
                })
                form.checkboxes("equipment", legend: strings.filterEquipment, options: Equipment.kinds.map {
                    Choice($0, SitePresentation.equipment($0, strings))
                })
                form.checkboxes("access", legend: strings.filterAccess, options: [
                    Choice("step-free", strings.accessStepFree), Choice("accessible-toilet", strings.accessToilet),
                    Choice("hearing-loop", strings.accessHearingLoop),
                ])
                if !options.areas.isEmpty {
                    form.select("near", label: strings.filterNear, options: options.areas.map {
                        Choice(String(format: "%.5f,%.5f", $0.point.latitude, $0.point.longitude), $0.label)
                    }, hint: strings.filterNearHint)
                }
                form.submit(strings.filterSubmit)
            }
        }
    }
}
