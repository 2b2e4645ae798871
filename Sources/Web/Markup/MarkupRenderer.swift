/// Writes parsed markup as HTML (every text escaped, a fixed set of tags and attributes)
/// or as plain text.
enum MarkupRenderer {
    static func html(_ blocks: [MarkupBlock], into output: inout String) {
        for block in blocks { html(block, into: &output) }
    }

    private static func html(_ block: MarkupBlock, into output: inout String) {
        switch block {
        case .paragraph(let inlines):
            output += "<p>"
            html(inlines, into: &output)
            output += "</p>\n"
        case .heading(let level, let inlines):
            // Content headings start at h2: the page's own title is the h1.
            let tag = "h\(min(level + 1, 6))"
            output += "<\(tag)>"
            html(inlines, into: &output)
            output += "</\(tag)>\n"
        case .list(let start, let tight, let items):
            if let start {
                output += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
            } else {
                output += "<ul>\n"
            }
            for item in items {
                output += "<li>"
                if tight {
                    for (index, block) in item.enumerated() {
                        if case .paragraph(let inlines) = block {
                            if index > 0, !output.hasSuffix("\n") { output += "\n" }
                            html(inlines, into: &output)
                        } else {
                            if !output.hasSuffix("\n") { output += "\n" }
                            html(block, into: &output)
                        }
                    }
                } else {
                    output += "\n"
                    html(item, into: &output)
                }
                output += "</li>\n"
            }
            output += start == nil ? "</ul>\n" : "</ol>\n"
        case .quote(let blocks):
            output += "<blockquote>\n"
            html(blocks, into: &output)
            output += "</blockquote>\n"
        case .code(let code):
            output += "<pre><code>"
            output += escapeHTML(code)
            output += "</code></pre>\n"
        case .thematicBreak:
            output += "<hr>\n"
        }
    }

    private static func html(_ inlines: [MarkupInline], into output: inout String) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                output += escapeHTML(text)
            case .code(let code):
                output += "<code>"
                output += escapeHTML(code)
                output += "</code>"
            case .emphasis(let children):
                output += "<em>"
                html(children, into: &output)
                output += "</em>"
            case .strong(let children):
                output += "<strong>"
                html(children, into: &output)
                output += "</strong>"
            case .link(let url, let title, let children):
                // People's links: no endorsement for search engines (rel=ugc, nofollow).
                output += "<a href=\""
                output += escapeHTML(url)
                output += "\" rel=\"nofollow ugc\""
                if let title {
                    output += " title=\""
                    output += escapeHTML(title)
                    output += "\""
                }
                output += ">"
                html(children, into: &output)
                output += "</a>"
            case .softBreak:
                output += "\n"
            case .hardBreak:
                output += "<br>\n"
            }
        }
    }

    static func plainText(_ blocks: [MarkupBlock], into output: inout String) {
        for block in blocks {
            if !output.isEmpty, !output.hasSuffix("\n\n") { output += output.hasSuffix("\n") ? "\n" : "\n\n" }
            switch block {
            case .paragraph(let inlines), .heading(_, let inlines):
                plainText(inlines, into: &output)
            case .list(_, _, let items):
                for (index, item) in items.enumerated() {
                    if index > 0 { output += "\n" }
                    var text = ""
                    plainText(item, into: &text)
                    output += text
                }
            case .quote(let blocks):
                plainText(blocks, into: &output)
            case .code(let code):
                output += code
            case .thematicBreak:
                break
            }
        }
        while output.last == "\n" || output.last == " " { output.removeLast() }
    }

    private static func plainText(_ inlines: [MarkupInline], into output: inout String) {
        for inline in inlines {
            switch inline {
            case .text(let text), .code(let text):
                output += text
            case .emphasis(let children), .strong(let children), .link(_, _, let children):
                plainText(children, into: &output)
            case .softBreak:
                output += " "
            case .hardBreak:
                output += "\n"
            }
        }
    }
}
