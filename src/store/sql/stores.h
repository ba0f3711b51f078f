// The stores, written once against the connection layer (connection.h): every backend
// gets them by implementing Connection. Each store works on the connection it is given
// (which must outlive it) and joins the connection's open transaction.
#pragma once
#include <memory>

#include "domain/result.h"
#include "store/account_store.h"
#include "store/case_store.h"
#include "store/clue_store.h"
#include "store/screening_store.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace fangpin::store::sql {

std::unique_ptr<Store> make_registry_store(Connection& c);
std::unique_ptr<CaseStore> make_case_store(Connection& c);
std::unique_ptr<ScreeningStore> make_screening_store(Connection& c);
std::unique_ptr<AccountStore> make_account_store(Connection& c);
std::unique_ptr<ClueStore> make_clue_store(Connection& c);

// Applies every known migration not yet applied, each in its own transaction under
// LockKey::Migrations; idempotent. Unsupported if the database is newer than this program.
Status migrate(Connection& c);
// 0 for a database that was never initialised.
Result<int> schema_version(Connection& c);
// Whether some known migration is not applied yet (read-only: no write lock).
Result<bool> needs_migration(Connection& c);

}  // namespace fangpin::store::sql
