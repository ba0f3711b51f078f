// SQLite backend of ScreeningStore, and the v3 migration text (screening tables).
#include <sqlite3.h>

#include <string>
#include <utility>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/queries.h"
#include "store/screening_store.h"
#include "store/sqlite/sqlite_db.h"

namespace fangpin::store {

// v3: department screening (部门筛查预警, SPEC §6). One row per screening run (the month and
// department, counts, 零报告); warnings with grade, facts, deadlines and 核实结论; the rows
// a run could not use. At most one open warning per household and risk reason.
const std::string_view kScreeningMigrationSql = R"sql(
CREATE TABLE screening_runs (
  id              {{ID_PK}},
  department      TEXT NOT NULL,
  month           TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  username        TEXT NOT NULL,
  at              {{TIMESTAMP}} NOT NULL,
  rows_total      BIGINT NOT NULL,
  matched         BIGINT NOT NULL,
  unmatched       BIGINT NOT NULL,
  rejected        BIGINT NOT NULL,
  warnings_new    BIGINT NOT NULL,
  warnings_merged BIGINT NOT NULL,
  red             BIGINT NOT NULL,
  orange          BIGINT NOT NULL,
  yellow          BIGINT NOT NULL,
  facts_added     BIGINT NOT NULL,
  area_events     BIGINT NOT NULL,
  zero_report     {{BOOL}} NOT NULL
);
CREATE INDEX screening_runs_month ON screening_runs (month, department);

CREATE TABLE screening_warnings (
  id            {{ID_PK}},
  household_id  {{KEY_TEXT}} NOT NULL REFERENCES households (household_id),
  region_code   {{KEY_TEXT}} NOT NULL,
  member_id     {{KEY_TEXT}} NOT NULL,
  department    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  grade         TEXT NOT NULL,
  grade_rank    INTEGER NOT NULL,
  facts         TEXT NOT NULL,
  signals       BIGINT NOT NULL,
  month         TEXT NOT NULL,
  run_id        BIGINT NOT NULL REFERENCES screening_runs (id),
  received_on   {{DATE}} NOT NULL,
  dispatch_by   {{DATE}} NOT NULL,
  verify_by     {{DATE}} NOT NULL,
  status        TEXT NOT NULL,
  verify_result TEXT,
  verified_by   TEXT,
  verified_on   {{DATE}},
  created_at    {{TIMESTAMP}} NOT NULL,
  updated_at    {{TIMESTAMP}} NOT NULL
);
CREATE UNIQUE INDEX screening_warnings_open ON screening_warnings (household_id, reason) WHERE status = 'open';
CREATE INDEX screening_warnings_region ON screening_warnings (region_code);

CREATE TABLE screening_row_issues (
  run_id      BIGINT NOT NULL REFERENCES screening_runs (id),
  row_number  BIGINT NOT NULL,
  kind        TEXT NOT NULL,
  column_name TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX screening_row_issues_run ON screening_row_issues (run_id, row_number);
)sql";

using namespace sqlite;

namespace {

constexpr std::string_view kWarningColumns =
    "id, household_id, region_code, member_id, department, reason, grade, grade_rank, facts, signals, month, "
    "received_on, dispatch_by, verify_by, status, verify_result, verified_by, verified_on, created_at, updated_at";

void read_warning(const Statement& s, WarningRecord& w) {
  w.id = s.int64(0);
  w.household_id = s.text(1);
  w.region_code = s.text(2);
  w.member_id = s.text(3);
  w.department = s.text(4);
  w.reason = s.text(5);
  w.grade = s.text(6);
  w.grade_rank = s.integer(7);
  w.facts = s.text(8);
  w.signals = s.int64(9);
  w.month = s.text(10);
  w.received_on = s.text(11);
  w.dispatch_by = s.text(12);
  w.verify_by = s.text(13);
  w.status = s.text(14);
  w.verify_result = s.text(15);
  w.verified_by = s.text(16);
  w.verified_on = s.text(17);
  w.created_at = s.text(18);
  w.updated_at = s.text(19);
}

class SqliteScreeningStore final : public ScreeningStore, public SqliteDb {
 public:
  using SqliteDb::SqliteDb;

  Status check_schema() {
    auto s = cached("SELECT 1 FROM schema_migrations WHERE version = 3");
    if (!s) return s.error();
    const int rc = s->step();
    if (rc == SQLITE_ROW) return Ok{};
    return Error{ErrorKind::Unsupported, "数据库尚未升级到筛查预警架构（v3），请先运行 fangpin init", {}};
  }

  Result<std::int64_t> registry_stamp() override {
    auto s = cached("SELECT coalesce(max(id), 0), count(*) FROM import_runs");
    if (!s) return s.error();
    if (s->step() != SQLITE_ROW) return sqlite_error(db_, "读取登记版本");
    return s->int64(0) * 1000003 + s->int64(1);
  }

  Status scan_registry(const std::function<void(const IndexHouseholdRow&)>& household,
                       const std::function<void(const IndexMemberRow&)>& member) override {
    Transaction tx(db_);
    if (auto s = tx.begin(dialect().begin_read); !s) return s;
    {
      auto s = cached(
          "SELECT h.household_id, h.region_code, f.year, "
          " f.wage_income + f.business_income + f.property_income + f.transfer_income - f.business_expense, "
          " f.medical_selfpay + f.education_expense + f.disaster_loss + f.accident_expense + f.other_rigid "
          "FROM households h LEFT JOIN finances f ON f.household_id = h.household_id AND f.superseded_at IS NULL "
          " AND f.year = (SELECT max(g.year) FROM finances g WHERE g.household_id = h.household_id "
          "               AND g.superseded_at IS NULL) "
          "ORDER BY h.household_id");
      if (!s) return s.error();
      int rc;
      IndexHouseholdRow r;
      while ((rc = s->step()) == SQLITE_ROW) {
        r.household_id = s->text(0);
        r.region_code = s->text(1);
        r.finance_year = s->is_null(2) ? 0 : s->integer(2);
        r.net = s->int64(3);
        r.rigid = s->int64(4);
        household(r);
      }
      if (rc != SQLITE_DONE) return sqlite_error(db_, "读取户");
    }
    {
      auto s = cached("SELECT id_number, household_id, labour, status FROM members ORDER BY household_id, id_number");
      if (!s) return s.error();
      int rc;
      IndexMemberRow r;
      while ((rc = s->step()) == SQLITE_ROW) {
        r.id_number = s->text(0);
        r.household_id = s->text(1);
        auto l = parse_labour(s->text(2));
        if (!l) return corrupt("members.labour", s->text(2));
        auto st = parse_member_status(s->text(3));
        if (!st) return corrupt("members.status", s->text(3));
        r.labour = *l;
        r.status = *st;
        member(r);
      }
      if (rc != SQLITE_DONE) return sqlite_error(db_, "读取成员");
    }
    return tx.commit();
  }

  Result<std::vector<WarningRecord>> open_warnings() override {
    WarningFilter f;
    f.open_only = true;
    return list_warnings(f);
  }

  Result<std::vector<WarningRecord>> list_warnings(const WarningFilter& f) override {
    std::string sql = fmt::format("SELECT {} FROM screening_warnings WHERE 1 = 1", kWarningColumns);
    int n = 0;
    if (!f.region_prefix.empty()) sql += " AND substr(region_code, 1, ?) = ?";
    if (f.grade_rank > 0) sql += " AND grade_rank = ?";
    if (f.open_only) sql += " AND status = 'open'";
    if (!f.department.empty()) sql += " AND department = ?";
    sql += " ORDER BY id";
    if (f.limit > 0) sql += " LIMIT ?";
    auto s = cached(sql);
    if (!s) return s.error();
    if (!f.region_prefix.empty()) {
      s->bind_int(++n, static_cast<std::int64_t>(f.region_prefix.size()));
      s->bind_text(++n, f.region_prefix);
    }
    if (f.grade_rank > 0) s->bind_int(++n, f.grade_rank);
    if (!f.department.empty()) s->bind_text(++n, f.department);
    if (f.limit > 0) s->bind_int(++n, static_cast<std::int64_t>(f.limit));
    std::vector<WarningRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) read_warning(*s, out.emplace_back());
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取预警");
    return out;
  }

  Result<std::optional<WarningRecord>> find_warning(std::int64_t id) override {
    auto s = cached(fmt::format("SELECT {} FROM screening_warnings WHERE id = ?", kWarningColumns));
    if (!s) return s.error();
    s->bind_int(1, id);
    const int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<WarningRecord>{};
    if (rc != SQLITE_ROW) return sqlite_error(db_, "读取预警");
    WarningRecord w;
    read_warning(*s, w);
    return std::optional<WarningRecord>(std::move(w));
  }

  Result<ScreeningWriteResult> write_screening(const ScreeningWrite& w) override {
    Transaction tx(db_);
    if (auto s = tx.begin(dialect().begin_write); !s) return s.error();
    ScreeningWriteResult out;
    const std::string now = w.run.at.empty() ? sql::utc_now_iso() : w.run.at;
    const ScreeningRunRecord& r = w.run;
    {
      auto s = cached(
          "INSERT INTO screening_runs (department, month, source_file, username, at, rows_total, matched, unmatched, "
          "rejected, warnings_new, warnings_merged, red, orange, yellow, facts_added, area_events, zero_report) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
      if (!s) return s.error();
      int i = 0;
      s->bind_text(++i, r.department);
      s->bind_text(++i, r.month);
      s->bind_text(++i, r.source_file);
      s->bind_text(++i, r.user);
      s->bind_text(++i, now);
      for (std::int64_t v : {r.rows, r.matched, r.unmatched, r.rejected, r.warnings_new, r.warnings_merged, r.red,
                             r.orange, r.yellow, r.facts_added, r.area_events})
        s->bind_int(++i, v);
      s->bind_bool(++i, r.zero_report);
      if (s->step() != SQLITE_ROW) return sqlite_error(db_, "记录筛查批次");
      out.run_id = s->int64(0);
    }
    {
      auto s = cached(
          "INSERT INTO screening_warnings (household_id, region_code, member_id, department, reason, grade, "
          "grade_rank, facts, signals, month, run_id, received_on, dispatch_by, verify_by, status, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)");
      if (!s) return s.error();
      out.new_ids.reserve(w.inserts.size());
      for (const WarningRecord& x : w.inserts) {
        int i = 0;
        s->bind_text(++i, x.household_id);
        s->bind_text(++i, x.region_code);
        s->bind_text(++i, x.member_id);
        s->bind_text(++i, x.department);
        s->bind_text(++i, x.reason);
        s->bind_text(++i, x.grade);
        s->bind_int(++i, x.grade_rank);
        s->bind_text(++i, x.facts);
        s->bind_int(++i, x.signals);
        s->bind_text(++i, x.month);
        s->bind_int(++i, out.run_id);
        s->bind_text(++i, x.received_on);
        s->bind_text(++i, x.dispatch_by);
        s->bind_text(++i, x.verify_by);
        s->bind_text(++i, now);
        s->bind_text(++i, now);
        if (s->step() != SQLITE_DONE)
          return sqlite_error(db_, fmt::format("写入预警（户 {}，{}）", x.household_id, x.reason));
        // The id column is the rowid alias: cheaper than RETURNING for millions of rows.
        out.new_ids.push_back(sqlite3_last_insert_rowid(db_));
        s->reset();
      }
    }
    {
      auto s = cached(
          "UPDATE screening_warnings SET grade = CASE WHEN grade_rank < ? THEN ? ELSE grade END, "
          "grade_rank = CASE WHEN grade_rank < ? THEN ? ELSE grade_rank END, facts = facts || ?, "
          "signals = signals + ?, updated_at = ? WHERE id = ? AND status = 'open'");
      if (!s) return s.error();
      for (const WarningMerge& m : w.merges) {
        int i = 0;
        s->bind_int(++i, m.grade_rank);
        s->bind_text(++i, m.grade);
        s->bind_int(++i, m.grade_rank);
        s->bind_int(++i, m.grade_rank);
        s->bind_text(++i, "\n" + m.facts);
        s->bind_int(++i, m.signals);
        s->bind_text(++i, now);
        s->bind_int(++i, m.id);
        if (s->step() != SQLITE_DONE) return sqlite_error(db_, fmt::format("合并预警 {}", m.id));
        if (sqlite3_changes(db_) != 1)
          return Error{ErrorKind::Conflict, fmt::format("预警 {} 已不再处于待核实状态，请重新筛查", m.id), {}};
        s->reset();
      }
    }
    {
      auto s = cached(
          "INSERT INTO negative_facts (household_id, kind, detail, source, recorded_at) SELECT ?, ?, ?, ?, ? "
          "WHERE NOT EXISTS (SELECT 1 FROM negative_facts WHERE household_id = ? AND kind = ? AND detail = ? "
          "AND source = ?)");
      if (!s) return s.error();
      for (const NegativeFact& f : w.negative_facts) {
        int i = 0;
        for (const std::string* v : {&f.household_id, &f.kind, &f.detail, &f.source}) s->bind_text(++i, *v);
        s->bind_text(++i, now);
        for (const std::string* v : {&f.household_id, &f.kind, &f.detail, &f.source}) s->bind_text(++i, *v);
        if (s->step() != SQLITE_DONE) return sqlite_error(db_, "写入负面清单事实");
        out.facts_added += sqlite3_changes(db_);
        s->reset();
      }
    }
    {
      auto s = cached(
          "INSERT INTO area_events (region_prefix, year, kind, recorded_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS "
          "(SELECT 1 FROM area_events WHERE region_prefix = ? AND year = ? AND kind = ?)");
      if (!s) return s.error();
      for (const AreaEvent& e : w.area_events) {
        s->bind_text(1, e.region_prefix);
        s->bind_int(2, e.year);
        s->bind_text(3, e.kind);
        s->bind_text(4, now);
        s->bind_text(5, e.region_prefix);
        s->bind_int(6, e.year);
        s->bind_text(7, e.kind);
        if (s->step() != SQLITE_DONE) return sqlite_error(db_, "写入区域事件");
        out.events_added += sqlite3_changes(db_);
        s->reset();
      }
    }
    {
      auto s = cached("INSERT INTO screening_row_issues (run_id, row_number, kind, column_name, reason) VALUES (?, ?, ?, ?, ?)");
      if (!s) return s.error();
      for (const RowIssueRecord& x : w.issues) {
        s->bind_int(1, out.run_id);
        s->bind_int(2, x.row);
        s->bind_text(3, x.kind);
        s->bind_text(4, x.column);
        s->bind_text(5, x.reason);
        if (s->step() != SQLITE_DONE) return sqlite_error(db_, "记录问题行");
        s->reset();
      }
    }
    {
      auto s = cached("UPDATE screening_runs SET facts_added = ?, area_events = ? WHERE id = ?");
      if (!s) return s.error();
      s->bind_int(1, out.facts_added);
      s->bind_int(2, out.events_added);
      s->bind_int(3, out.run_id);
      if (s->step() != SQLITE_DONE) return sqlite_error(db_, "记录筛查批次");
    }
    if (auto s = tx.commit(); !s) return s.error();
    return out;
  }

  Result<WarningRecord> verify_warning(std::int64_t id, std::string_view result, std::string_view by,
                                       std::string_view on) override {
    Transaction tx(db_);
    if (auto s = tx.begin(dialect().begin_write); !s) return s.error();
    auto cur = find_warning(id);
    if (!cur) return cur.error();
    if (!cur->has_value()) return not_found(fmt::format("预警 {} 不存在", id), "id");
    if ((*cur)->status != "open")
      return Error{ErrorKind::Conflict,
                   fmt::format("预警 {} 已于 {} 由 {} 核实（{}）", id, (*cur)->verified_on, (*cur)->verified_by,
                               (*cur)->verify_result),
                   "id"};
    auto s = cached(
        "UPDATE screening_warnings SET status = 'verified', verify_result = ?, verified_by = ?, verified_on = ?, "
        "updated_at = ? WHERE id = ? AND status = 'open'");
    if (!s) return s.error();
    s->bind_text(1, result);
    s->bind_text(2, by);
    s->bind_text(3, on);
    s->bind_text(4, sql::utc_now_iso());
    s->bind_int(5, id);
    if (s->step() != SQLITE_DONE) return sqlite_error(db_, "核实预警");
    auto after = find_warning(id);
    if (!after) return after.error();
    if (auto c = tx.commit(); !c) return c.error();
    return std::move(**after);
  }

  Result<std::vector<ScreeningRunRecord>> screening_runs() override {
    auto s = cached(
        "SELECT id, department, month, source_file, username, at, rows_total, matched, unmatched, rejected, "
        "warnings_new, warnings_merged, red, orange, yellow, facts_added, area_events, zero_report "
        "FROM screening_runs ORDER BY id");
    if (!s) return s.error();
    std::vector<ScreeningRunRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
      ScreeningRunRecord& r = out.emplace_back();
      r.id = s->int64(0);
      r.department = s->text(1);
      r.month = s->text(2);
      r.source_file = s->text(3);
      r.user = s->text(4);
      r.at = s->text(5);
      std::int64_t* f[] = {&r.rows, &r.matched, &r.unmatched, &r.rejected, &r.warnings_new, &r.warnings_merged,
                           &r.red, &r.orange, &r.yellow, &r.facts_added, &r.area_events};
      for (int i = 0; i < 11; ++i) *f[i] = s->int64(6 + i);
      r.zero_report = s->int64(17) != 0;
    }
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取筛查批次");
    return out;
  }

  Result<std::vector<RowIssueRecord>> row_issues(std::int64_t run_id) override {
    auto s = cached(
        "SELECT row_number, kind, column_name, reason FROM screening_row_issues WHERE run_id = ? ORDER BY row_number");
    if (!s) return s.error();
    s->bind_int(1, run_id);
    std::vector<RowIssueRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW)
      out.push_back(RowIssueRecord{s->int64(0), std::string(s->text(1)), std::string(s->text(2)),
                                   std::string(s->text(3))});
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取问题行");
    return out;
  }
};

}  // namespace

Result<std::unique_ptr<ScreeningStore>> open_sqlite_screening(const std::string& path) {
  auto db = SqliteDb::open<SqliteScreeningStore>(path);
  if (!db) return db.error();
  if (auto s = (*db)->check_schema(); !s) return s.error();
  // A monthly run writes millions of rows in one transaction: a 256 MiB page cache (instead
  // of the shared 64 MiB) keeps the warning indexes resident while they grow.
  if (auto s = exec((*db)->handle(), "PRAGMA cache_size = -262144"); !s) return s.error();
  return std::unique_ptr<ScreeningStore>(std::move(*db));
}

}  // namespace fangpin::store
