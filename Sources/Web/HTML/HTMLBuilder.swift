/// Builds `HTML` from the statements of a closure: each `HTML`, component or `String` (as
/// escaped text) in order, with `if`, `switch` and `for`.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }
    public static func buildExpression(_ text: String) -> HTML { .text(text) }
    public static func buildExpression(_ component: some HTMLComponent) -> HTML { component.html }
    public static func buildExpression(_ parts: [HTML]) -> HTML { .fragment(parts) }

    public static func buildBlock() -> HTML { .empty }
    public static func buildBlock(_ part: HTML) -> HTML { part }
    public static func buildBlock(_ parts: HTML...) -> HTML { .fragment(parts) }
    public static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    public static func buildEither(first part: HTML) -> HTML { part }
    public static func buildEither(second part: HTML) -> HTML { part }
    public static func buildArray(_ parts: [HTML]) -> HTML { .fragment(parts) }
    public static func buildLimitedAvailability(_ part: HTML) -> HTML { part }
}
