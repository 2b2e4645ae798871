import Foundation
import Kernel
import Testing
import TeilhabeTesting

/// XLIFF 2.0 out and back in, with Python's ElementTree in the translator's role.
@Suite struct TranslationExchangeTests {
    /// Fills every unit's target the way a translation tool would: parses the document with
    /// a real XML library, writes `<prefix><source>` into `<target>`, serialises it again.
    static func translate(_ document: [UInt8], prefix: String, skip: String? = nil) throws -> [UInt8] {
        let script = """
            import sys, xml.etree.ElementTree as ET
            ns = 'urn:oasis:names:tc:xliff:document:2.0'
            ET.register_namespace('', ns)
            ET.register_namespace('mda', 'urn:oasis:names:tc:xliff:metadata:2.0')
            root = ET.fromstring(sys.stdin.buffer.read())
            prefix, skip = sys.argv[1], sys.argv[2]
            for unit in root.iter('{%s}unit' % ns):
                for segment in unit.findall('{%s}segment' % ns):
                    source = segment.find('{%s}source' % ns)
                    target = segment.find('{%s}target' % ns)
                    if target is None:
                        target = ET.SubElement(segment, '{%s}target' % ns)
                    target.text = '' if unit.get('id') == skip else prefix + (source.text or '')
            sys.stdout.buffer.write(ET.tostring(root, encoding='utf-8', xml_declaration=True))
            """
        let result = try PythonTool.run(["-c", script, prefix, skip ?? ""], input: document)
        guard result.status == 0 else { throw TestServerError("python: \(result.errors)") }
        return Array(result.output.utf8)
    }

    func exported(_ fixture: ContentFixture, target: String, source: String? = nil, items: [Int64]? = nil) throws -> TranslationExport {
        try fixture.read { db in try fixture.store.exportTranslations(target: target, source: source, items: items, module: nil, in: db) }
    }

    func importing(_ fixture: ContentFixture, _ document: [UInt8]) throws -> TranslationImportSummary {
        try fixture.write { db in try fixture.store.importTranslations(document, author: 5, in: db) }
    }

    func problems(_ fixture: ContentFixture, _ document: [UInt8]) -> [String] {
        do {
            _ = try importing(fixture, document)
            return []
        } catch let error as TranslationImportError {
            return error.problems
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @Test func exportedTextsComeBackTranslated() throws {
        let fixture = try ContentFixture()
        let garden = try fixture.write { db in
            try fixture.store.create(
                NewContentItem(
                    module: "echo", kind: "story", slug: "garten", language: "de",
                    texts: ContentTexts(
                        title: "Garten & Hof <neu>", summary: "Kurz", body: "Erster Absatz.\n\n**Zweiter** Absatz.",
                        fields: ["quote": "„Schön!“", "year": 2024]),
                    status: .published),
                in: db)
        }
        let current = try fixture.story("aktuell", title: "Aktuell")
        try fixture.save(current, "en", title: "Current")

        let export = try exported(fixture, target: "en")
        #expect(export.items == [garden])
        #expect(export.fileName == "demo-de-to-en.xlf")
        let text = String(decoding: export.document, as: UTF8.self)
        #expect(text.contains("srcLang=\"de\" trgLang=\"en\""))
        #expect(text.contains("<source>Garten &amp; Hof &lt;neu&gt;</source>"))
        #expect(text.contains("<unit id=\"fields.quote\">"))
        #expect(!text.contains("fields.year"), "only text fields are translated")

        let translated = try Self.translate(export.document, prefix: "EN: ")
        let summary = try importing(fixture, translated)
        #expect(summary.updated.map(\.item) == [garden])
        let record = try #require(try fixture.read { db in try fixture.store.record(garden, in: db) })
        #expect(record.texts["en"]?.title == "EN: Garten & Hof <neu>")
        #expect(record.texts["en"]?.body == "EN: Erster Absatz.\n\n**Zweiter** Absatz.", "paragraphs survive the round trip")
        #expect(record.texts["en"]?.fields["quote"] == "EN: „Schön!“")
        #expect(record.texts["en"]?.fields["year"] == 2024)
        #expect(record.state(of: "en") == .upToDate)
        #expect(try fixture.read { db in try fixture.store.history(of: garden, in: db) }.first?.author == 5)
        #expect(try exported(fixture, target: "en").items.isEmpty, "nothing left to translate")
    }

    @Test func outdatedTranslationsAreExportedWithTheirCurrentTargets() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("wandel", title: "Alt", body: "Alter Text")
        try fixture.save(id, "en", title: "Old", body: "Old text")
        try fixture.save(id, "de", title: "Neu", body: "Neuer Text")
        let text = String(decoding: try exported(fixture, target: "en").document, as: UTF8.self)
        #expect(text.contains("<source>Neu</source>"))
        #expect(text.contains("<target>Old</target>"))
        #expect(text.contains("<mda:meta type=\"state\">outdated</mda:meta>"))
    }

    @Test func arabicIsExportedFromItsTreeSourceAndItemsWithoutItAreSkipped() throws {
        let fixture = try ContentFixture()
        let english = try fixture.story("mit-englisch", title: "Mit")
        try fixture.save(english, "en", title: "With")
        let germanOnly = try fixture.story("ohne", title: "Ohne")
        let export = try exported(fixture, target: "ar")
        #expect(export.items == [english])
        #expect(export.skipped.map(\.item) == [germanOnly])
        #expect(export.fileName == "demo-en-to-ar.xlf")
        _ = try importing(fixture, try Self.translate(export.document, prefix: "AR "))
        #expect(try fixture.state(english, "ar") == .upToDate)
        // Translated from English: a change of the English text outdates it.
        try fixture.save(english, "en", title: "With more")
        #expect(try fixture.state(english, "ar") == .outdated(source: "en"))
    }

    @Test func aSourceChangedSinceTheExportRefusesTheWholeFile() throws {
        let fixture = try ContentFixture()
        let first = try fixture.story("eins", title: "Eins")
        let second = try fixture.story("zwei", title: "Zwei")
        let translated = try Self.translate(try exported(fixture, target: "en").document, prefix: "EN ")
        try fixture.save(second, "de", title: "Zwei, geändert")
        let found = problems(fixture, translated)
        #expect(found.count == 1)
        #expect(found.first?.contains("file 'item-\(second)'") == true)
        #expect(found.first?.contains("changed since the export") == true)
        // Nothing was saved, not even the valid file.
        #expect(try fixture.state(first, "en") == .missing)
        // A minor edit of the source does not make the export stale.
        let again = try Self.translate(try exported(fixture, target: "en").document, prefix: "EN ")
        try fixture.save(second, "de", title: "Zwei, geändert.", minor: true)
        #expect(problems(fixture, again).isEmpty)
        #expect(try fixture.state(second, "en") == .upToDate)
    }

    @Test func badFilesAreRefusedWithEveryProblemNamed() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("fehler", title: "Fehler", body: "Text")
        let good = String(decoding: try Self.translate(try exported(fixture, target: "en").document, prefix: "EN "), as: UTF8.self)
        func check(_ document: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let found = problems(fixture, Array(document.utf8))
            #expect(found.contains { $0.contains(expected) }, "expected '\(expected)' in \(found)", sourceLocation: sourceLocation)
        }
        check(good.replacingOccurrences(of: "trgLang=\"en\"", with: "trgLang=\"xx\""), "trgLang 'xx' is not a language of region 'demo'")
        check(good.replacingOccurrences(of: "<unit id=\"body\">", with: "<unit id=\"colour\">"), "unit 'colour' in file 'item-\(id)'")
        check(good.replacingOccurrences(of: ">\(id)</mda:meta>", with: ">999</mda:meta>"), "unknown item 999")
        check(good.replacingOccurrences(of: ">demo</mda:meta>", with: ">other</mda:meta>"), "exported from region 'other'")
        check(String(decoding: try Self.translate(Array(good.utf8), prefix: "", skip: "body"), as: UTF8.self), "unit 'body' in file 'item-\(id)'")
        check(good.replacingOccurrences(of: "</xliff>", with: ""), "not well-formed XML")
        let withoutDeclaration = good.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? good
        check("<!DOCTYPE x [<!ENTITY a \"b\">]>" + withoutDeclaration, "document type declarations are not allowed")
        check(good.replacingOccurrences(of: "<target>EN Fehler</target>", with: "<target>EN <ph id=\"1\"/>Fehler</target>"), "inline markup")
        check(good.replacingOccurrences(of: "version=\"2.0\"", with: "version=\"1.2\""), "only XLIFF version 2.0")
        check(good.replacingOccurrences(of: "urn:oasis:names:tc:xliff:document:2.0", with: "urn:other"), "not an XLIFF 2.0")
        #expect(try fixture.state(id, "en") == .missing)
        #expect(problems(fixture, Array(good.utf8)).isEmpty)
    }

    @Test func theRootLanguageNeedsANamedSource() throws {
        let fixture = try ContentFixture()
        try fixture.write { db in
            try fixture.store.create(
                NewContentItem(module: "echo", kind: "story", slug: "arabisch", language: "ar", texts: ContentTexts(title: "عربي"), status: .published),
                in: db)
        }
        #expect { try exported(fixture, target: "de") } throws: { ($0 as? HTTPError)?.field == "source" }
        let export = try exported(fixture, target: "de", source: "ar")
        #expect(export.items.count == 1)
        _ = try importing(fixture, try Self.translate(export.document, prefix: "DE "))
        let item = try fixture.read { db in try fixture.store.item(module: "echo", kind: "story", slug: "arabisch", language: "de", in: db) }
        #expect(item?.title == "DE عربي")
    }
}

/// The XML reader behind the import, on its own.
@Suite struct XMLReaderTests {
    @Test func readsElementsAttributesTextAndNamespaces() throws {
        let root = try XMLReader.parse(Array("""
            <?xml version="1.0"?><!-- c --><a xmlns="urn:x" xmlns:p="urn:p" k='v &amp; w'><p:b>x &lt; y &#x263A;<![CDATA[<raw>]]></p:b>\r\n<c/></a>
            """.utf8))
        #expect(root.name == "a")
        #expect(root.namespace == "urn:x")
        #expect(root.attribute("k") == "v & w")
        let b = try #require(root.elements("b", namespace: "urn:p").first)
        #expect(b.text == "x < y ☺<raw>")
        #expect(root.elements("c", namespace: "urn:x").count == 1)
    }

    @Test(arguments: [
        ("<a>", "is not closed"), ("<a></b>", "does not close"), ("<!DOCTYPE a><a/>", "document type declarations"),
        ("<a>&bogus;</a>", "unknown entity"), ("<a b=c/>", "quoted"), ("<p:a/>", "prefix 'p' is not declared"),
        ("<a/><b/>", "content after the root"), ("<a>\u{1}</a>", "not allowed"), ("<a x='1' x='2'/>", "appears twice"),
    ])
    func refusesWhatIsNotWellFormed(input: String, expected: String) {
        #expect {
            _ = try XMLReader.parse(Array(input.utf8))
        } throws: { error in
            (error as? XMLError)?.message.contains(expected) ?? false
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "<a>", count: 1000) + String(repeating: "</a>", count: 1000)
        #expect(throws: XMLError.self) { _ = try XMLReader.parse(Array(deep.utf8)) }
    }
}
