import Foundation

/// The kernel's content service: multilingual items owned by modules, with translation
/// state, versions, publication, full-text search and translator exchange. Modules reach
/// it as `context.services.content` and call it inside their own `read`/`write` bodies, so
/// content changes commit or roll back together with the module's own rows.
///
/// Every call works in the region of the connection's scope (`context.read`/`write` set
/// it); a global-scope connection is refused. Errors a person can fix are `HTTPError`s
/// naming the field (`slug`, `language`, `title`, …).
public protocol ContentStore: Sendable {
    /// Brings derived data in line with the configuration: rewrites the search entries of
    /// every region whose language tree changed since they were written (which languages
    /// each text is served to depends on it). The kernel runs it at start.
    func prepare(in storage: any Storage) throws
    /// Merges some of the search index's small pieces (see `SearchIndex.mergeSome`); the
    /// kernel's job `kernel.merge-search-index` runs it every half hour.
    func maintainSearchIndex(in storage: any Storage) throws

    // MARK: Readers

    /// The visible item with `slug` in the best language for a reader of `language`
    /// (following the region's fallback chain), or nil when there is none or it is not
    /// visible now.
    func item(module: String, kind: String, slug: String, language: String, in db: any DatabaseConnection) throws -> ContentItem?

    /// Visible items, newest publication first, each in the best language for the reader.
    func list(_ query: ContentQuery, in db: any DatabaseConnection) throws -> ContentPage

    /// The same page as `list` written as JSON for an API list: each item as
    /// `ContentItem.writeJSON(into:url:)` writes it (its `url` being `urlPrefix` followed by its
    /// slug, none when nil), separated by commas, appended to `output` straight from the rows
    /// without building the items. Returns where the next page starts. Bodies are never read.
    func writeList(
        _ query: ContentQuery, urlPrefix: String?, into output: inout [UInt8], in db: any DatabaseConnection
    ) throws -> ContentListPosition?

    /// Full-text search over the visible items of every module in the region, in the
    /// reader's language (items without a text in it are searched in the language the
    /// reader would be served). Ranked best first.
    func search(_ query: SearchQuery, in db: any DatabaseConnection) throws -> SearchResults

    // MARK: Editors

    /// Creates an item (version 1) and returns its id. A taken slug is 409 naming `slug`.
    @discardableResult
    func create(_ item: NewContentItem, in transaction: any DatabaseTransaction) throws -> Int64

    /// Saves one language's texts as a new version. A `minor` edit (typo, formatting) keeps
    /// the translation state: translations made from this text stay up to date. Saving a
    /// translation without `minor` records it as translated from the current source text.
    /// Returns the new version number (the current one when nothing changed).
    @discardableResult
    func saveTexts(
        _ texts: ContentTexts, language: String, of id: Int64, minor: Bool, author: Int64?,
        in transaction: any DatabaseTransaction
    ) throws -> Int

    /// Removes one language's texts (not the original language's) as a new version.
    @discardableResult
    func removeTexts(language: String, of id: Int64, author: Int64?, in transaction: any DatabaseTransaction) throws -> Int

    /// Sets status and times as a new version. Publishing without `publishAt` keeps the
    /// first publication time of an item that was visible before, otherwise it is now.
    @discardableResult
    func setPublication(
        _ status: PublicationStatus, publishAt: Date?, unpublishAt: Date?, of id: Int64, author: Int64?,
        in transaction: any DatabaseTransaction
    ) throws -> Int

    /// Deletes the item with its texts, versions and search entries.
    func delete(_ id: Int64, in transaction: any DatabaseTransaction) throws

    /// The item as editors see it, whatever its status; nil when it does not exist here.
    func record(_ id: Int64, in db: any DatabaseConnection) throws -> ContentRecord?

    /// Several items by id, whatever their status, each in the best language for a reader of
    /// `language` (as `item` serves it), by id; ids not found here are left out. One query
    /// for the items and one for their texts, however many are asked for.
    func items(_ ids: [Int64], language: String, in db: any DatabaseConnection) throws -> [Int64: ContentItem]

    /// The id of the item with `slug`, whatever its status.
    func id(module: String, kind: String, slug: String, in db: any DatabaseConnection) throws -> Int64?

    /// The ids of the items with these slugs, whatever their status, by slug (one query).
    func ids(module: String, kind: String, slugs: [String], in db: any DatabaseConnection) throws -> [String: Int64]

    /// Items whose `language` text is missing or outdated (archived items aside), most
    /// recently changed first; optionally only one module's.
    func translationTasks(language: String, module: String?, in db: any DatabaseConnection) throws -> [TranslationTask]

    /// Every version of the item, newest first.
    func history(of id: Int64, in db: any DatabaseConnection) throws -> [ContentVersion]

    /// The texts an earlier version had, by language.
    func texts(of id: Int64, version: Int, in db: any DatabaseConnection) throws -> [String: ContentTexts]?

    /// Brings back the texts of `version` (every language) as a new version; status and
    /// publication stay as they are. Returns the new version number.
    @discardableResult
    func restore(_ id: Int64, version: Int, author: Int64?, in transaction: any DatabaseTransaction) throws -> Int

    // MARK: Translators

    /// An XLIFF 2.0 document with the texts that need translating into `target` (missing or
    /// outdated), from `source` (default: the target's source language in the region's
    /// tree). Only the given items, or every item needing it when `items` is nil.
    func exportTranslations(
        target: String, source: String?, items: [Int64]?, module: String?, in db: any DatabaseConnection
    ) throws -> TranslationExport

    /// Reads an XLIFF 2.0 document made by `exportTranslations` and saves its targets as
    /// translations. Validates everything first: any problem (unknown item or field, wrong
    /// language, source changed since the export) throws `TranslationImportError` listing
    /// every problem by unit, and nothing is saved.
    @discardableResult
    func importTranslations(_ document: [UInt8], author: Int64?, in transaction: any DatabaseTransaction) throws -> TranslationImportSummary
}
