import Foundation

/// What a module gives to create a content item: where it belongs, its slug, the texts it
/// starts with and its publication.
public struct NewContentItem: Sendable {
    /// The owning module's id.
    public var module: String
    /// The module's kind of content (`story`), declared as a `ContentKind` in its manifest.
    public var kind: String
    /// Unique per region, module and kind; lowercase letters, digits and hyphens.
    public var slug: String
    /// The language the item is written in first. Its text must be in `texts`.
    public var originalLanguage: String
    /// Texts by language: the original, and any translations made already (recorded as
    /// translated from their source language's text given here).
    public var texts: [String: ContentTexts]
    public var status: PublicationStatus
    /// When it becomes visible once published (nil: as soon as it is published).
    public var publishAt: Date?
    /// When it stops being visible (nil: never).
    public var unpublishAt: Date?
    /// The account that wrote it, when known.
    public var author: Int64?

    public init(
        module: String, kind: String, slug: String, language: String, texts: ContentTexts,
        status: PublicationStatus = .draft, publishAt: Date? = nil, unpublishAt: Date? = nil, author: Int64? = nil
    ) {
        self.init(
            module: module, kind: kind, slug: slug, originalLanguage: language, texts: [language: texts],
            status: status, publishAt: publishAt, unpublishAt: unpublishAt, author: author)
    }

    public init(
        module: String, kind: String, slug: String, originalLanguage: String, texts: [String: ContentTexts],
        status: PublicationStatus = .draft, publishAt: Date? = nil, unpublishAt: Date? = nil, author: Int64? = nil
    ) {
        self.module = module
        self.kind = kind
        self.slug = slug
        self.originalLanguage = originalLanguage
        self.texts = texts
        self.status = status
        self.publishAt = publishAt
        self.unpublishAt = unpublishAt
        self.author = author
    }
}

/// Slugs of content items: the readable part of an item's address.
public enum ContentSlug {
    public static let maximumLength = 120

    /// Lowercase ASCII letters and digits in words joined by single hyphens.
    public static func isValid(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.utf8.count <= maximumLength else { return false }
        return slug.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { word in
            !word.isEmpty && word.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    /// A slug made from a title: letters folded to ASCII where possible, other characters
    /// dropped, words joined by hyphens up to `length` characters; `fallback` when nothing is
    /// left (e.g. an Arabic title).
    public static func make(from title: String, length: Int = maximumLength, fallback: String = "item") -> String {
        let folded = title.applyingTransform(.toLatin, reverse: false)?
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil) ?? title.lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.lowercased().replacingOccurrences(of: "ß", with: "ss").unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words where slug.count + word.count + 1 <= length {
            slug += slug.isEmpty ? word : "-" + word
        }
        return slug.isEmpty ? fallback : slug
    }
}
