/// A document for translators, as `ContentStore.exportTranslations` makes it.
public struct TranslationExport: Sendable {
    /// The XLIFF 2.0 document, UTF-8.
    public var document: [UInt8]
    /// A file name that says what it holds: `demo-de-to-ar.xlf`.
    public var fileName: String
    /// Items in the document.
    public var items: [Int64]
    /// Items needing the target language that could not be exported from this source
    /// language (it has no text there yet), with why.
    public var skipped: [(item: Int64, reason: String)]
}

/// What an import saved.
public struct TranslationImportSummary: Sendable {
    public var targetLanguage: String
    /// Each updated item with its new version.
    public var updated: [(item: Int64, slug: String, version: Int)]
}

/// Why an import was refused: every problem found, each naming the file (item) and unit.
/// Nothing was saved.
public struct TranslationImportError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    public var description: String {
        "The translation file was not imported (nothing was saved):\n" + problems.map { "- \($0)" }.joined(separator: "\n")
    }
}
