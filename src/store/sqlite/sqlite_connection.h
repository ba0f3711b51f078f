// SQLite implementation of the connection layer (store/sql/connection.h). The only place,
// with sqlite_connection.cpp, that includes sqlite3.h.
#pragma once
#include <memory>
#include <string>

#include "domain/result.h"
#include "store/sql/connection.h"

namespace fangpin::store::sqlite {

// Opens (creating if needed) and configures an SQLite file: WAL, foreign keys, busy
// timeout 5 s, 64 MiB page cache. "" or ":memory:" is an in-memory database.
Result<std::unique_ptr<sql::Connection>> open_connection(const std::string& path);

}  // namespace fangpin::store::sqlite
