/// A block of parsed markup.
indirect enum MarkupBlock: Equatable {
    case paragraph([MarkupInline])
    /// Level 1…6 as written (`#` is 1).
    case heading(level: Int, [MarkupInline])
    /// `start` is nil for unordered lists. A tight list renders its items without `<p>`.
    case list(start: Int?, tight: Bool, items: [[MarkupBlock]])
    case quote([MarkupBlock])
    case code(String)
    case thematicBreak
}

/// A span of parsed inline markup.
indirect enum MarkupInline: Equatable {
    case text(String)
    case code(String)
    case emphasis([MarkupInline])
    case strong([MarkupInline])
    /// `url` has passed `LinkPolicy`.
    case link(url: String, title: String?, [MarkupInline])
    case softBreak
    case hardBreak
}
