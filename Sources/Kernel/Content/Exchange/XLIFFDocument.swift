/// The XLIFF 2.0 documents of the translator exchange: one `<file>` per content item, one
/// `<unit>` per translatable field (`title`, `summary`, `body`, `fields.<name>`), each with
/// one segment. The item, its region and the digest of the source text at export time are
/// kept in the Metadata module (`mda:`), so that an import can tell when the source changed
/// since. Texts are plain (markup source as written); inline codes are not used.
struct XLIFFDocument {
    static let namespace = "urn:oasis:names:tc:xliff:document:2.0"
    static let metadataNamespace = "urn:oasis:names:tc:xliff:metadata:2.0"
    static let metadataCategory = "teilhabe"

    struct File {
        var id: String
        var original: String
        /// `region`, `item`, `sourceDigest`, `state` in the `teilhabe` meta group.
        var metadata: [String: String]
        var note: String?
        var units: [Unit]
        var line: Int = 0
    }

    struct Unit {
        var id: String
        var source: String
        var target: String?
        var line: Int = 0
    }

    var sourceLanguage: String
    var targetLanguage: String
    var files: [File]

    func xml() -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="\(Self.namespace)" xmlns:mda="\(Self.metadataNamespace)" version="2.0" \
            srcLang="\(XMLText.escape(sourceLanguage))" trgLang="\(XMLText.escape(targetLanguage))">

            """
        for file in files {
            xml += "  <file id=\"\(XMLText.escape(file.id))\" original=\"\(XMLText.escape(file.original))\" xml:space=\"preserve\">\n"
            xml += "    <mda:metadata>\n      <mda:metaGroup category=\"\(Self.metadataCategory)\">\n"
            for key in file.metadata.keys.sorted() {
                xml += "        <mda:meta type=\"\(XMLText.escape(key))\">\(XMLText.escape(file.metadata[key] ?? ""))</mda:meta>\n"
            }
            xml += "      </mda:metaGroup>\n    </mda:metadata>\n"
            if let note = file.note {
                xml += "    <notes>\n      <note>\(XMLText.escape(note))</note>\n    </notes>\n"
            }
            for unit in file.units {
                xml += "    <unit id=\"\(XMLText.escape(unit.id))\">\n"
                xml += "      <segment state=\"\(unit.target == nil ? "initial" : "translated")\">\n"
                xml += "        <source>\(XMLText.escape(unit.source))</source>\n"
                if let target = unit.target { xml += "        <target>\(XMLText.escape(target))</target>\n" }
                xml += "      </segment>\n    </unit>\n"
            }
            xml += "  </file>\n"
        }
        xml += "</xliff>\n"
        return xml
    }

    /// Reads a parsed document; problems name the file and unit (and line).
    static func read(_ root: XMLElement) -> (document: XLIFFDocument?, problems: [String]) {
        var problems: [String] = []
        guard root.name == "xliff", root.namespace == namespace else {
            return (nil, ["line \(root.line): the root element is not an XLIFF 2.0 <xliff> (namespace \(namespace))"])
        }
        guard root.attribute("version") == "2.0" else {
            return (nil, ["line \(root.line): only XLIFF version 2.0 is supported (version=\"\(root.attribute("version") ?? "")\")"])
        }
        guard let source = root.attribute("srcLang"), !source.isEmpty else { return (nil, ["line \(root.line): <xliff> has no srcLang"]) }
        guard let target = root.attribute("trgLang"), !target.isEmpty else {
            return (nil, ["line \(root.line): <xliff> has no trgLang (the language translated into)"])
        }
        var files: [File] = []
        for element in root.elements("file", namespace: namespace) {
            let id = element.attribute("id") ?? ""
            let label = "file '\(id)' (line \(element.line))"
            var metadata: [String: String] = [:]
            for group in element.elements("metadata", namespace: metadataNamespace).flatMap({ $0.elements("metaGroup", namespace: metadataNamespace) })
            where group.attribute("category") == metadataCategory {
                for meta in group.elements("meta", namespace: metadataNamespace) {
                    if let type = meta.attribute("type") { metadata[type] = meta.text }
                }
            }
            var units: [Unit] = []
            for unitElement in element.elements("unit", namespace: namespace) {
                let unitID = unitElement.attribute("id") ?? ""
                let unitLabel = "unit '\(unitID)' in \(label)"
                var sourceText = ""
                var targetText: String?
                var valid = true
                for part in unitElement.elements() where part.namespace == namespace {
                    guard part.name == "segment" || part.name == "ignorable" else { continue }
                    for (name, isTarget) in [("source", false), ("target", true)] {
                        guard let text = part.elements(name, namespace: namespace).first else { continue }
                        guard text.elements().isEmpty else {
                            problems.append("\(unitLabel): <\(name)> holds inline markup (line \(text.line)); enter plain text")
                            valid = false
                            continue
                        }
                        if isTarget {
                            targetText = (targetText ?? "") + text.text
                        } else {
                            sourceText += text.text
                        }
                    }
                    // An ignorable without a target keeps its source (whitespace between segments).
                    if part.name == "ignorable", part.elements("target", namespace: namespace).isEmpty, let kept = part.elements("source", namespace: namespace).first {
                        targetText = (targetText ?? "") + kept.text
                    }
                }
                if valid { units.append(Unit(id: unitID, source: sourceText, target: targetText, line: unitElement.line)) }
            }
            files.append(File(id: id, original: element.attribute("original") ?? "", metadata: metadata, note: nil, units: units, line: element.line))
        }
        if files.isEmpty { problems.append("the document has no <file> elements") }
        return (XLIFFDocument(sourceLanguage: source, targetLanguage: target, files: files), problems)
    }
}
