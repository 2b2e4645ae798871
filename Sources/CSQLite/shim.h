#ifndef TEILHABE_CSQLITE_SHIM_H
#define TEILHABE_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import.
static inline int csqlite_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int csqlite_bind_blob_transient(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

static inline int csqlite_result_text_transient(sqlite3_context *context, const char *text, int length) {
    sqlite3_result_text(context, text, length, SQLITE_TRANSIENT);
    return 0;
}

// FTS5 hands out its API through `SELECT fts5(?1)` with a pointer bound under this type
// name; the name must stay valid until the statement is stepped, so it is a C literal here.
static inline int csqlite_bind_fts5_api_pointer(sqlite3_stmt *stmt, int index, fts5_api **api) {
    return sqlite3_bind_pointer(stmt, index, (void *)api, "fts5_api_ptr", 0);
}

// sqlite3_config is variadic, which Swift cannot call. Memory statistics make every SQLite
// allocation take one process-wide mutex; the server does not read them.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
