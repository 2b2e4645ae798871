import CSQLite
import Kernel

/// The FTS5 ranking function `teilhabe_search_rank(table, weight, …)` that content search
/// orders by (lower is better, as with `bm25`): the sum, over the query's phrases and the
/// table's columns, of the column's weight (one per column, in order; 1 when missing) times
/// the phrase's saturated frequency in it, `tf·(k+1)/(tf+k)`.
///
/// Unlike `bm25` it reads neither document lengths (a table lookup per ranked row, four
/// times the cost of the rest of ranking) nor how many documents hold each phrase (a walk
/// of each phrase's whole list per query): every ranked text contains every searched word,
/// and the column weights carry the ranking.
enum SearchRankFunction {
    static let name = "teilhabe_search_rank"
    /// How quickly repeated occurrences stop counting, as bm25's k1.
    static let saturation = 1.2

    static func register(on connection: Connection) throws {
        let api = try fts5API(of: connection)
        let code = api.pointee.xCreateFunction(api, name, nil, { functions, fts, context, argumentCount, arguments in
            guard let functions, let context else { return }
            let (score, code) = SearchRankFunction.score(functions.pointee, fts, argumentCount, arguments)
            if code == SQLITE_OK {
                sqlite3_result_double(context, -score)
            } else {
                sqlite3_result_error_code(context, code)
            }
        }, nil)
        guard code == SQLITE_OK else {
            throw ErrorMapping.error(code: code, handle: connection.handle, sql: "register \(name)()")
        }
    }

    /// FTS5's API, handed out through `SELECT fts5(?1)` with a pointer bound to the statement.
    private static func fts5API(of connection: Connection) throws -> UnsafeMutablePointer<fts5_api> {
        let sql = "SELECT fts5(?1)"
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        var api: UnsafeMutablePointer<fts5_api>?
        if code == SQLITE_OK {
            code = withUnsafeMutablePointer(to: &api) { pointer in
                let bound = csqlite_bind_fts5_api_pointer(statement, 1, pointer)
                return bound == SQLITE_OK ? sqlite3_step(statement) : bound
            }
        }
        guard code == SQLITE_ROW || code == SQLITE_DONE, let api, api.pointee.iVersion >= 2 else {
            throw ErrorMapping.error(code: code == SQLITE_ROW ? SQLITE_ERROR : code, handle: connection.handle, sql: sql)
        }
        return api
    }

    /// The row's score, walking each phrase's positions (column by column, in order).
    private static func score(
        _ functions: Fts5ExtensionApi, _ fts: OpaquePointer?, _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?
    ) -> (Double, Int32) {
        guard let phraseCount = functions.xPhraseCount?(fts), let first = functions.xPhraseFirst, let next = functions.xPhraseNext else {
            return (0, SQLITE_MISUSE)
        }
        func weight(_ column: Int32) -> Double {
            guard column < argumentCount, let arguments else { return 1 }
            return sqlite3_value_double(arguments[Int(column)])
        }
        func saturated(_ frequency: Int) -> Double {
            let frequency = Double(frequency)
            return frequency * (saturation + 1) / (frequency + saturation)
        }
        var score = 0.0
        for phrase in 0..<phraseCount {
            var iterator = Fts5PhraseIter()
            var column: Int32 = -1
            var offset: Int32 = 0
            let code = first(fts, phrase, &iterator, &column, &offset)
            guard code == SQLITE_OK else { return (0, code) }
            var current = column
            var frequency = 0
            while column >= 0 {
                if column != current {
                    score += weight(current) * saturated(frequency)
                    current = column
                    frequency = 0
                }
                frequency += 1
                next(fts, &iterator, &column, &offset)
            }
            if frequency > 0 { score += weight(current) * saturated(frequency) }
        }
        return (score, SQLITE_OK)
    }
}
