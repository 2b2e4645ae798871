import Foundation

/// The translator exchange: XLIFF 2.0 out, validated XLIFF 2.0 in.
extension SQLContentStore {
    public static let maximumImportBytes = 20 * 1024 * 1024

    public func exportTranslations(
        target: String, source: String?, items: [Int64]?, module: String?, in db: any DatabaseConnection
    ) throws -> TranslationExport {
        let region = try region(of: db)
        guard region.speaks(target) else {
            throw HTTPError.unprocessable("'\(target)' is not a language of this region", field: "target")
        }
        guard let sourceLanguage = source ?? region.languages.first(where: { $0.code == target })?.source else {
            throw HTTPError.unprocessable(
                "'\(target)' is the region's default language and has no source; name the language to translate from",
                field: "source")
        }
        guard region.speaks(sourceLanguage), sourceLanguage != target else {
            throw HTTPError.unprocessable("'\(sourceLanguage)' cannot be the source for '\(target)'", field: "source")
        }
        let candidates: [Int64]
        if let items {
            candidates = items
        } else {
            candidates = try translationTasks(language: target, module: module, in: db).map(\.itemID)
        }
        var files: [XLIFFDocument.File] = []
        var exported: [Int64] = []
        var skipped: [(item: Int64, reason: String)] = []
        for id in candidates {
            let item = try loadItem(id, region: region, in: db)
            let texts = try loadTexts(of: id, region: region, in: db).mapValues(\.text)
            guard let sourceText = texts[sourceLanguage] else {
                skipped.append((id, "it has no '\(sourceLanguage)' text yet; translate it into '\(sourceLanguage)' first"))
                continue
            }
            let state = Self.state(of: target, in: texts)
            let existing = texts[target]?.texts
            let existingUnits = Dictionary(existing?.units.map { ($0.id, $0.text) } ?? [], uniquingKeysWith: { first, _ in first })
            let units = sourceText.texts.units.filter { $0.id == "title" || !$0.text.isEmpty }.map { unit in
                XLIFFDocument.Unit(id: unit.id, source: unit.text, target: existingUnits[unit.id].flatMap { $0.isEmpty ? nil : $0 })
            }
            var note: String?
            if case .outdated(let changed) = state {
                note = "The '\(changed)' text changed since this translation was made: update the targets."
            }
            files.append(XLIFFDocument.File(
                id: "item-\(id)", original: "\(region.id)/\(item.module)/\(item.kind)/\(item.slug)",
                metadata: ["region": region.id, "item": String(id), "sourceDigest": sourceText.digest, "state": state.name],
                note: note, units: units))
            exported.append(id)
        }
        let document = XLIFFDocument(sourceLanguage: sourceLanguage, targetLanguage: target, files: files)
        return TranslationExport(
            document: Array(document.xml().utf8), fileName: "\(region.id)-\(sourceLanguage)-to-\(target).xlf",
            items: exported, skipped: skipped)
    }

    public func importTranslations(
        _ bytes: [UInt8], author: Int64?, in transaction: any DatabaseTransaction
    ) throws -> TranslationImportSummary {
        let region = try region(of: transaction)
        guard bytes.count <= Self.maximumImportBytes else {
            throw TranslationImportError(problems: ["the file is larger than \(Self.maximumImportBytes / 1024 / 1024) MB"])
        }
        let root: XMLElement
        do {
            root = try XMLReader.parse(bytes)
        } catch {
            throw TranslationImportError(problems: ["the file is not well-formed XML: \(error)"])
        }
        let (read, readProblems) = XLIFFDocument.read(root)
        guard let document = read else { throw TranslationImportError(problems: readProblems) }
        var problems = readProblems
        let target = document.targetLanguage, source = document.sourceLanguage
        if !region.speaks(target) { problems.append("trgLang '\(target)' is not a language of region '\(region.id)'") }
        if !region.speaks(source) { problems.append("srcLang '\(source)' is not a language of region '\(region.id)'") }
        if source == target { problems.append("srcLang and trgLang are both '\(target)'") }
        guard problems.isEmpty else { throw TranslationImportError(problems: problems) }

        var plans: [(id: Int64, slug: String, texts: ContentTexts)] = []
        var seen: Set<Int64> = []
        for file in document.files {
            let label = "file '\(file.id)' (line \(file.line))"
            guard let itemID = file.metadata["item"].flatMap({ Int64($0) }) else {
                problems.append("\(label): no Teilhabe item in its metadata; was it exported by Teilhabe?")
                continue
            }
            guard file.metadata["region"] == region.id else {
                problems.append("\(label): exported from region '\(file.metadata["region"] ?? "?")', not '\(region.id)'")
                continue
            }
            guard seen.insert(itemID).inserted else {
                problems.append("\(label): item \(itemID) appears in more than one file")
                continue
            }
            guard let item = try? loadItem(itemID, region: region, in: transaction) else {
                problems.append("\(label): unknown item \(itemID) (deleted since the export?)")
                continue
            }
            let texts = try loadTexts(of: itemID, region: region, in: transaction).mapValues(\.text)
            guard let sourceText = texts[source] else {
                problems.append("\(label): item \(itemID) ('\(item.slug)') no longer has a '\(source)' text")
                continue
            }
            guard sourceText.digest == file.metadata["sourceDigest"] else {
                problems.append("\(label): the '\(source)' text of item \(itemID) ('\(item.slug)') changed since the export; export it again")
                continue
            }
            let sourceUnits = Dictionary(sourceText.texts.units.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
            var translated: [String: String] = [:]
            for unit in file.units {
                let unitLabel = "unit '\(unit.id)' in \(label)"
                guard let sourceUnit = sourceUnits[unit.id] else {
                    problems.append("\(unitLabel): unknown field (expected title, summary, body or fields.<name> of the item)")
                    continue
                }
                guard translated[unit.id] == nil else {
                    problems.append("\(unitLabel): appears twice")
                    continue
                }
                let targetText = unit.target ?? ""
                if targetText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    if !sourceUnit.isEmpty { problems.append("\(unitLabel): no translation (empty <target>)") }
                    continue
                }
                translated[unit.id] = targetText
            }
            for (unitID, text) in sourceText.texts.units where !text.isEmpty && translated[unitID] == nil
                && !file.units.contains(where: { $0.id == unitID }) {
                problems.append("unit '\(unitID)' is missing from \(label)")
            }
            var translation = texts[target]?.texts ?? ContentTexts(title: "")
            translation.title = translated["title"] ?? translation.title
            translation.summary = translated["summary"] ?? translation.summary
            translation.body = translated["body"] ?? translation.body
            var fields = sourceText.texts.fields.merging(translation.fields) { _, existing in existing }
            for (unitID, text) in translated where unitID.hasPrefix("fields.") {
                fields[String(unitID.dropFirst("fields.".count))] = .string(text)
            }
            translation.fields = fields
            do {
                plans.append((itemID, item.slug, try translation.validated()))
            } catch let error as HTTPError {
                problems.append("\(label): \(error.message)")
            }
        }
        guard problems.isEmpty else { throw TranslationImportError(problems: problems) }
        var updated: [(item: Int64, slug: String, version: Int)] = []
        for plan in plans {
            let version = try save(plan.texts, language: target, of: plan.id, minor: false, source: source, author: author, in: transaction)
            updated.append((plan.id, plan.slug, version))
        }
        return TranslationImportSummary(targetLanguage: target, updated: updated)
    }
}
