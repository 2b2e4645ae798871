import Kernel
import Testing

@Suite struct ContentKindTests {
    @Test(arguments: [
        ("/echo/stories/{slug}", "/echo/stories/hof-fest"),
        ("/{slug}", "/hof-fest"),
        ("/a/{slug}/edit/{slug}", "/a/hof-fest/edit/hof-fest"),
        ("/{x}/{slug", "/{x}/{slug"),
        ("/echo/stories", "/echo/stories"),
    ])
    func pathsPutTheSlugWhereTheyNameIt(path: String, expected: String) {
        #expect(ContentKind("story", path: path).path(slug: "hof-fest") == expected)
    }
}
