/// The current row of a result while it is being stepped, read by column position straight
/// from the backend: nothing is copied that is not asked for, and bytes can be read without
/// becoming a `String`. For the few reads that run on every request of a busy list; `Row`
/// (by column name, with type checks) is the way for everything else.
///
/// A cursor is only valid inside the `forEachRow(_:cursor:)` body that receives it, and its
/// positions are those of the statement's select list, so keep that list and the positions
/// side by side.
public protocol RowCursor {
    /// Whether column `index` is NULL.
    func isNull(_ index: Int) -> Bool
    /// The integer in column `index`; 0 for NULL.
    func int64(_ index: Int) -> Int64
    /// The text in column `index`; "" for NULL.
    func string(_ index: Int) -> String
    /// Calls `body` with the UTF-8 bytes of column `index` (empty for NULL), valid only
    /// during the call.
    func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
}

/// A cursor over an already read `Row`, for backends without a cursor of their own.
struct RowValuesCursor: RowCursor {
    let row: Row

    func isNull(_ index: Int) -> Bool { value(index) == .null }

    func int64(_ index: Int) -> Int64 {
        switch value(index) {
        case .integer(let value): value
        case .real(let value): Int64(value)
        case .text(let text): Int64(text) ?? 0
        default: 0
        }
    }

    func string(_ index: Int) -> String {
        switch value(index) {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null: ""
        }
    }

    func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var text = string(index)
        return try text.withUTF8(body)
    }

    private func value(_ index: Int) -> DatabaseValue {
        index < row.values.count ? row.values[index] : .null
    }
}
