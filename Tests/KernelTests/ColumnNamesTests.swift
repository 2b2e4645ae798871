import Kernel
import Testing

@Suite("ColumnNames")
struct ColumnNamesTests {
    @Test("every name of a wide result is found at its own index; unknown names are not")
    func wideResult() {
        // More columns than table slots of the smallest size, with names that share prefixes,
        // lengths and last letters, so that probing past collisions is exercised.
        let names = (0..<70).map { "column_\($0)" } + ["id", "region", "starts_at", "ends_at", "ü_straße", "名前", ""]
        let columns = ColumnNames(names)
        for (index, name) in names.enumerated() {
            #expect(columns.index(of: name) == index, "\(name)")
        }
        for missing in ["column_70", "Id", "ID", "starts", "column_", "ue_strasse", " "] {
            #expect(columns.index(of: missing) == nil, "\(missing)")
        }
    }

    @Test("of two equal names the first is found, as in the result's order")
    func duplicates() {
        let columns = ColumnNames(["id", "title", "id", "title", "x"])
        #expect(columns.index(of: "id") == 0)
        #expect(columns.index(of: "title") == 1)
        #expect(columns.index(of: "x") == 4)
    }

    @Test("a result without columns finds nothing")
    func empty() {
        #expect(ColumnNames([]).index(of: "id") == nil)
    }

    @Test("names built at run time find columns named by literals")
    func runtimeNames() {
        let columns = ColumnNames(["registration_opens_at", "a"])
        let built = ["registration", "opens", "at"].joined(separator: "_")
        #expect(columns.index(of: built) == 0)
        #expect(columns.index(of: String("a".unicodeScalars)) == 1)
    }
}
