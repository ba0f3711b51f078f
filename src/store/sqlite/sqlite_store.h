// SQLite-specific extras beyond the Store interface (open_sqlite itself is in store.h).
#pragma once
#include <string>
#include <string_view>

#include "domain/result.h"
#include "store/store.h"

namespace fangpin::store {

// Value of `PRAGMA <name>` on the store's own connection (e.g. "journal_mode" -> "wal",
// "foreign_keys" -> "1"), for diagnostics and tests. Invalid if `store` is not an SQLite
// store or `name` is not a plain pragma name.
Result<std::string> sqlite_pragma(Store& store, std::string_view name);

}  // namespace fangpin::store
