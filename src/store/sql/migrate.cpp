#include <fmt/format.h>

#include "store/migrations.h"
#include "store/queries.h"
#include "store/sql/stores.h"

namespace fangpin::store::sql {

Result<int> schema_version(Connection& c) {
  auto exists = c.prepare(c.dialect().table_exists);
  if (!exists) return exists.error();
  exists->bind_text(1, "schema_migrations");
  const Step rc = exists->step();
  if (rc == Step::Done) return 0;
  if (rc != Step::Row) return c.error("读取架构版本");
  exists->reset();
  auto v = c.prepare(kSchemaVersion);
  if (!v) return v.error();
  if (v->step() != Step::Row) return c.error("读取架构版本");
  return v->integer(0);
}

Result<bool> needs_migration(Connection& c) {
  auto version = schema_version(c);
  if (!version) return version.error();
  if (*version == 0) return true;
  auto n = c.prepare("SELECT COUNT(*) FROM schema_migrations");
  if (!n) return n.error();
  if (n->step() != Step::Row) return c.error("读取架构版本");
  const auto& all = migrations();
  return *version != all.back().version || n->int64(0) != static_cast<std::int64_t>(all.size());
}

Status migrate(Connection& c) {
  if (auto s = c.exec(kCreateSchemaMigrations); !s) return s;
  const auto& all = migrations();
  const int latest = all.empty() ? 0 : all.back().version;
  // Every known version not yet applied is applied, in order — not only those above the
  // highest applied one — so modules whose migrations were numbered in parallel (workflow,
  // screening, accounts) all reach a database that already had a later one.
  for (const Migration& m : all) {
    auto tx = c.begin(TxMode::Write);
    if (!tx) return tx.error();
    if (auto s = c.lock(LockKey::Migrations); !s) return s;
    // Read under the lock: a concurrent migrate() may have applied it meanwhile.
    auto current = schema_version(c);
    if (!current) return current.error();
    if (*current > latest) {
      return Error{ErrorKind::Unsupported,
                   fmt::format("数据库架构版本 {} 高于本程序支持的 {}，请升级程序", *current, latest), {}};
    }
    auto applied = c.prepare(kMigrationApplied);
    if (!applied) return applied.error();
    applied->bind_int(1, m.version);
    const Step rc = applied->step();
    applied->reset();
    if (rc == Step::Row) {
      if (auto s = tx->commit(); !s) return s;
      continue;
    }
    if (rc != Step::Done) return c.error("读取架构版本");
    if (auto s = c.exec(m.sql); !s) {
      return Error{ErrorKind::Internal, fmt::format("架构迁移 v{} 失败：{}", m.version, s.error().message), {}};
    }
    auto rec = c.prepare(kRecordMigration);
    if (!rec) return rec.error();
    rec->bind_int(1, m.version);
    rec->bind_text(2, utc_now_iso());
    rec->bind_text(3, m.description);
    if (rec->step() != Step::Done) return c.error("记录架构迁移");
    if (auto s = tx->commit(); !s) return s;
  }
  return Ok{};
}

}  // namespace fangpin::store::sql
