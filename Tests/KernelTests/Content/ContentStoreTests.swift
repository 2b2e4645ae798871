import Foundation
import Kernel
import Testing

/// The kernel's content store on a real SQLite file: fallback, translation state, versions
/// and publication.
@Suite struct ContentFallbackTests {
    @Test func readersGetTheirLanguageOrTheNextInTheirChain() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("garten", title: "Gemeinschaftsgarten")
        func served(_ language: String) throws -> ContentItem? {
            try fixture.read { db in try fixture.store.item(module: "echo", kind: "story", slug: "garten", language: language, in: db) }
        }
        // Only German: everyone gets German, and is told so.
        let arabic = try #require(try served("ar"))
        #expect(arabic.language == "de")
        #expect(arabic.languages == ["de"])
        #expect(arabic.title == "Gemeinschaftsgarten")

        try fixture.save(id, "en", title: "Community garden")
        // ar ← en ← de: Arabic readers now get English; Ukrainian readers (uk ← de) German.
        #expect(try served("ar")?.language == "en")
        #expect(try served("ar")?.title == "Community garden")
        #expect(try served("uk")?.language == "de")
        #expect(try served("en")?.languages == ["de", "en"])

        try fixture.save(id, "ar", title: "حديقة مجتمعية")
        #expect(try served("ar")?.language == "ar")
        #expect(try served("fa")?.language == "en")
        #expect(try served("xx")?.language == "de")
    }

    @Test func anItemWrittenInAnotherLanguageIsServedInItsOriginal() throws {
        let fixture = try ContentFixture()
        try fixture.write { db in
            try fixture.store.create(
                NewContentItem(module: "echo", kind: "story", slug: "rezept", language: "ar", texts: ContentTexts(title: "وصفة"), status: .published),
                in: db)
        }
        let item = try fixture.read { db in try fixture.store.item(module: "echo", kind: "story", slug: "rezept", language: "de", in: db) }
        #expect(item?.language == "ar")
        #expect(item?.title == "وصفة")
    }

    @Test func itemsStayInTheirRegion() throws {
        let fixture = try ContentFixture()
        try fixture.story("nur-hier", region: "other")
        let elsewhere = try fixture.read { db in try fixture.store.item(module: "echo", kind: "story", slug: "nur-hier", language: "de", in: db) }
        #expect(elsewhere == nil)
        // The same slug is free in another region.
        try fixture.story("nur-hier")
    }

    @Test func aTakenSlugIsAConflictNamingTheField() throws {
        let fixture = try ContentFixture()
        try fixture.story("doppelt")
        #expect {
            try fixture.story("doppelt")
        } throws: { error in
            (error as? HTTPError).map { $0.status == .conflict && $0.field == "slug" } ?? false
        }
    }

    @Test func badInputNamesTheField() throws {
        let fixture = try ContentFixture()
        func field(of new: NewContentItem) -> String? {
            do {
                try fixture.write { db in try fixture.store.create(new, in: db) }
                return nil
            } catch {
                return (error as? HTTPError)?.field
            }
        }
        let texts = ContentTexts(title: "T")
        #expect(field(of: NewContentItem(module: "echo", kind: "story", slug: "Bad Slug", language: "de", texts: texts)) == "slug")
        #expect(field(of: NewContentItem(module: "echo", kind: "story", slug: "ok", language: "xx", texts: texts)) == "language")
        #expect(field(of: NewContentItem(module: "echo", kind: "story", slug: "ok", language: "de", texts: ContentTexts(title: "  "))) == "title")
        #expect(field(of: NewContentItem(
            module: "echo", kind: "story", slug: "ok", language: "de",
            texts: ContentTexts(title: "T", body: String(repeating: "x", count: ContentTexts.maximumBodyLength + 1)))) == "body")
        #expect(field(of: NewContentItem(module: "echo", kind: "story", slug: "ok", language: "de", texts: ContentTexts(title: "T", fields: ["bad key": "x"]))) == "fields")
        #expect(field(of: NewContentItem(
            module: "echo", kind: "story", slug: "ok", language: "de", texts: texts, publishAt: Date(timeIntervalSince1970: 100),
            unpublishAt: Date(timeIntervalSince1970: 50))) == "unpublishAt")
    }

    @Test func slugsAreMadeFromTitles() {
        #expect(ContentSlug.make(from: "Straßenfest in Köln!") == "strassenfest-in-koln")
        #expect(ContentSlug.isValid(ContentSlug.make(from: "Привет, мир")))
        #expect(ContentSlug.isValid(ContentSlug.make(from: "حديقة")))
        #expect(ContentSlug.make(from: "   ") == "item")
    }
}

@Suite struct TranslationStateTests {
    @Test func aSourceChangeOutdatesTranslationsAndAMinorEditDoesNot() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("fest", title: "Straßenfest")
        #expect(try fixture.state(id, "de") == .upToDate)
        #expect(try fixture.state(id, "en") == .missing)

        try fixture.save(id, "en", title: "Street party")
        #expect(try fixture.state(id, "en") == .upToDate)

        // A typo fix in the source keeps the translation current.
        try fixture.save(id, "de", title: "Straßenfest!", minor: true)
        #expect(try fixture.state(id, "en") == .upToDate)

        // A real change outdates it.
        try fixture.save(id, "de", title: "Straßenfest am Samstag")
        #expect(try fixture.state(id, "en") == .outdated(source: "de"))

        // Saving the translation again (not minor) brings it up to date.
        try fixture.save(id, "en", title: "Street party on Saturday")
        #expect(try fixture.state(id, "en") == .upToDate)
    }

    @Test func outdatingFollowsTheLanguageTree() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("tree", title: "Baum")
        try fixture.save(id, "en", title: "Tree")
        try fixture.save(id, "ar", title: "شجرة")
        try fixture.save(id, "uk", title: "Дерево")

        try fixture.save(id, "de", title: "Ein Baum")
        // en and uk are translated from de; ar from en, which has not changed yet.
        #expect(try fixture.state(id, "en") == .outdated(source: "de"))
        #expect(try fixture.state(id, "uk") == .outdated(source: "de"))
        #expect(try fixture.state(id, "ar") == .upToDate)

        try fixture.save(id, "en", title: "A tree")
        #expect(try fixture.state(id, "ar") == .outdated(source: "en"))
    }

    @Test func aTranslationMadeBeforeItsTreeSourceExistedFollowsWhatItWasMadeFrom() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("direkt", title: "Direkt")
        // Arabic is translated from English in the tree, but there is no English yet: from German.
        try fixture.save(id, "ar", title: "مباشرة")
        let tasks = try fixture.read { db in try fixture.store.translationTasks(language: "ar", module: nil, in: db) }
        #expect(tasks.isEmpty)
        try fixture.save(id, "de", title: "Ganz direkt")
        #expect(try fixture.state(id, "ar") == .outdated(source: "de"))
    }

    @Test func editorsSeeWhatNeedsTranslatingPerLanguage() throws {
        let fixture = try ContentFixture()
        let missing = try fixture.story("fehlt", title: "Fehlt")
        let outdated = try fixture.story("alt", title: "Alt")
        let current = try fixture.story("aktuell", title: "Aktuell")
        let archived = try fixture.story("archiv", title: "Archiv")
        try fixture.save(outdated, "en", title: "Old")
        try fixture.save(current, "en", title: "Current")
        try fixture.save(outdated, "de", title: "Alt und neu")
        try fixture.write { db in
            try fixture.store.setPublication(.archived, publishAt: nil, unpublishAt: nil, of: archived, author: nil, in: db)
        }
        let english = try fixture.read { db in try fixture.store.translationTasks(language: "en", module: "echo", in: db) }
        #expect(Set(english.map(\.itemID)) == [missing, outdated])
        #expect(english.first { $0.itemID == outdated }?.state == .outdated(source: "de"))
        #expect(english.first { $0.itemID == missing }?.state == .missing)
        #expect(english.first { $0.itemID == missing }?.sourceLanguage == "de")
        #expect(english.first { $0.itemID == outdated }?.title == "Alt und neu")

        // Arabic is translated from English: items without English are waiting for it.
        let arabic = try fixture.read { db in try fixture.store.translationTasks(language: "ar", module: nil, in: db) }
        #expect(arabic.first { $0.itemID == current }?.sourceLanguage == "en")
        #expect(arabic.first { $0.itemID == current }?.sourceIsTreeSource == true)
        #expect(arabic.first { $0.itemID == missing }?.sourceIsTreeSource == false)
        #expect(try fixture.read { db in try fixture.store.translationTasks(language: "en", module: "workshops", in: db) }.isEmpty)
    }
}

@Suite struct ContentVersionTests {
    @Test func everyChangeIsAVersionAndTheHistoryListsThem() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("verlauf", title: "Eins", status: .draft)
        try fixture.save(id, "de", title: "Zwei")
        try fixture.save(id, "de", title: "Zwei.", minor: true)
        try fixture.save(id, "en", title: "Two")
        try fixture.write { db in try fixture.store.setPublication(.published, publishAt: nil, unpublishAt: nil, of: id, author: 7, in: db) }
        // Saving the same words again is no change.
        try fixture.save(id, "en", title: "Two")

        let history = try fixture.read { db in try fixture.store.history(of: id, in: db) }
        #expect(history.map(\.version) == [5, 4, 3, 2, 1])
        #expect(history.map(\.change) == [.publication, .texts, .texts, .texts, .created])
        #expect(history.map(\.language) == [nil, "en", "de", "de", "de"])
        #expect(history.map(\.minor) == [false, false, true, false, false])
        #expect(history.first?.author == 7)
        let first = try fixture.read { db in try fixture.store.texts(of: id, version: 1, in: db) }
        #expect(first?["de"]?.title == "Eins")
        #expect(first?["en"] == nil)
    }

    @Test func restoringBringsBackTheTextsAsANewVersion() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("zurueck", title: "Original", body: "Erster Text")
        try fixture.save(id, "en", title: "Original EN", body: "First text")
        try fixture.save(id, "de", title: "Verändert", body: "Zweiter Text")
        try fixture.save(id, "ar", title: "عربي")
        #expect(try fixture.state(id, "en") == .outdated(source: "de"))

        let version = try fixture.write { db in try fixture.store.restore(id, version: 2, author: 3, in: db) }
        #expect(version == 5)
        let record = try #require(try fixture.read { db in try fixture.store.record(id, in: db) })
        #expect(record.texts["de"]?.title == "Original")
        #expect(record.texts["en"]?.body == "First text")
        #expect(record.texts["ar"] == nil)
        // The pair of texts comes back with its relationship: English is current again.
        #expect(record.state(of: "en") == .upToDate)
        let history = try fixture.read { db in try fixture.store.history(of: id, in: db) }
        #expect(history.first?.change == .restored)
        #expect(history.first?.restoredFrom == 2)

        // Restoring is itself a version that can be undone.
        try fixture.write { db in try fixture.store.restore(id, version: 4, author: nil, in: db) }
        #expect(try fixture.read { db in try fixture.store.record(id, in: db) }?.texts["ar"]?.title == "عربي")
        #expect {
            try fixture.write { db in try fixture.store.restore(id, version: 99, author: nil, in: db) }
        } throws: { ($0 as? HTTPError)?.status == .notFound }
    }

    @Test func theOriginalLanguageCannotBeRemovedButTranslationsCan() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("weg", title: "Weg")
        try fixture.save(id, "en", title: "Gone")
        #expect {
            try fixture.write { db in try fixture.store.removeTexts(language: "de", of: id, author: nil, in: db) }
        } throws: { ($0 as? HTTPError)?.field == "language" }
        try fixture.write { db in try fixture.store.removeTexts(language: "en", of: id, author: nil, in: db) }
        #expect(try fixture.state(id, "en") == .missing)
        #expect(try fixture.read { db in try fixture.store.history(of: id, in: db) }.first?.change == .translationRemoved)
    }

    @Test func deletingRemovesTextsVersionsAndSearchEntries() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("loeschen", title: "Löschbar")
        try fixture.write { db in try fixture.store.delete(id, in: db) }
        let counts = try fixture.storage.read { db in
            [try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_content_texts"), try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_content_versions"),
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_content_search")]
        }
        #expect(counts == [0, 0, 0])
    }
}

@Suite struct PublicationTests {
    func visible(_ fixture: ContentFixture, _ slug: String) throws -> Bool {
        try fixture.read { db in try fixture.store.item(module: "echo", kind: "story", slug: slug, language: "de", in: db) } != nil
    }

    @Test func onlyPublishedItemsAreVisible() throws {
        let fixture = try ContentFixture()
        for status in PublicationStatus.allCases { try fixture.story("s-\(status.rawValue)", status: status) }
        #expect(try visible(fixture, "s-published"))
        #expect(try !visible(fixture, "s-draft"))
        #expect(try !visible(fixture, "s-review"))
        #expect(try !visible(fixture, "s-archived"))
    }

    @Test func publicationAndUnpublicationTimesAreCheckedWhenReading() throws {
        let fixture = try ContentFixture()
        let now = fixture.clock.now()
        try fixture.story("geplant", publishAt: now.addingTimeInterval(3600), unpublishAt: now.addingTimeInterval(7200))
        #expect(try !visible(fixture, "geplant"))
        fixture.clock.advance(by: 3600)
        #expect(try visible(fixture, "geplant"))
        fixture.clock.advance(by: 3599)
        #expect(try visible(fixture, "geplant"))
        fixture.clock.advance(by: 1)
        #expect(try !visible(fixture, "geplant"))
    }

    @Test func publishingKeepsTheFirstPublicationTime() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("wieder", status: .published)
        let first = try fixture.read { db in try fixture.store.record(id, in: db) }?.publishedAt
        fixture.clock.advance(by: 86_400)
        try fixture.write { db in try fixture.store.setPublication(.draft, publishAt: nil, unpublishAt: nil, of: id, author: nil, in: db) }
        #expect(try !visible(fixture, "wieder"))
        try fixture.write { db in try fixture.store.setPublication(.published, publishAt: nil, unpublishAt: nil, of: id, author: nil, in: db) }
        #expect(try fixture.read { db in try fixture.store.record(id, in: db) }?.publishedAt == first)

        // A draft published for the first time is published now.
        let draft = try fixture.story("neu", status: .draft)
        try fixture.write { db in try fixture.store.setPublication(.published, publishAt: nil, unpublishAt: nil, of: draft, author: nil, in: db) }
        #expect(try fixture.read { db in try fixture.store.record(draft, in: db) }?.publishedAt == fixture.clock.now())
    }

    @Test func listsShowVisibleItemsNewestFirstInPages() throws {
        let fixture = try ContentFixture()
        for number in 1...7 {
            try fixture.story("nr-\(number)", title: "Nummer \(number)")
            fixture.clock.advance(by: 60)
        }
        try fixture.story("entwurf", status: .draft)
        try fixture.story("spaeter", publishAt: fixture.clock.now().addingTimeInterval(60))
        var titles: [String] = []
        var after: ContentListPosition?
        var pages = 0
        repeat {
            let page = try fixture.read { db in
                try fixture.store.list(ContentQuery(module: "echo", kinds: ["story"], language: "en", limit: 3, after: after), in: db)
            }
            titles += page.items.map(\.title)
            #expect(page.items.allSatisfy { $0.language == "de" })
            after = page.next
            pages += 1
        } while after != nil && pages < 10
        #expect(titles == (1...7).reversed().map { "Nummer \($0)" })
        #expect(pages == 3)
        #expect(try fixture.read { db in try fixture.store.list(ContentQuery(module: "workshops", language: "de"), in: db) }.items.isEmpty)
    }

    @Test func listsReadBodiesOnlyWhenAsked() throws {
        let fixture = try ContentFixture()
        try fixture.story("garten", title: "Garten", body: "Ein langer Text")
        func first(withBodies: Bool) throws -> ContentItem? {
            try fixture.read { db in
                try fixture.store.list(ContentQuery(module: "echo", language: "de", withBodies: withBodies), in: db)
            }.items.first
        }
        #expect(try first(withBodies: false)?.title == "Garten")
        #expect(try first(withBodies: false)?.body == "")
        #expect(try first(withBodies: true)?.body == "Ein langer Text")
    }

    @Test func theVisibilityRuleIsOnePlace() {
        let now = Date(timeIntervalSince1970: 1000)
        #expect(ContentVisibility.isVisible(status: .published, publishedAt: now, unpublishAt: nil, now: now))
        #expect(!ContentVisibility.isVisible(status: .published, publishedAt: nil, unpublishAt: nil, now: now))
        #expect(!ContentVisibility.isVisible(status: .published, publishedAt: now, unpublishAt: now, now: now))
        #expect(!ContentVisibility.isVisible(status: .review, publishedAt: now, unpublishAt: nil, now: now))
    }
}
