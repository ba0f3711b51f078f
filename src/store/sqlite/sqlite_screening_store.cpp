// SQLite backend of ScreeningStore, and the v3 migration text (screening tables).
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "domain/resident_id.h"
#include "store/migrations.h"
#include "store/row_numbers.h"
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
  household_id  {{KEY_TEXT}} NOT NULL,
  region_code   {{KEY_TEXT}} NOT NULL,
  member_id     {{KEY_TEXT}} NOT NULL,
  department    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  grade         TEXT NOT NULL,
  grade_rank    INTEGER NOT NULL,
  facts         TEXT NOT NULL,
  signals       BIGINT NOT NULL,
  month         TEXT NOT NULL,
  run_id        BIGINT NOT NULL,
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

// v5: warnings at province scale. A month can raise millions of warnings, so a warning row
// keeps only what is its own — household, member (packed ID), reason, grade, signal count,
// encoded facts (screening/facts.h), status — and takes its month, receipt date, deadlines
// and creation time from the run that raised it (received_on etc. move to screening_runs).
// Unmatched rows become one value per run (store/row_numbers.h). v3 rows carry over: their
// text facts stay readable, their deadlines move to their run. No foreign keys here: each
// check costs as much as a third of the row's insert, and the only writer takes household
// ids from the registry index (households are never deleted) and run ids from its own
// transaction.
const std::string_view kScreeningV5Sql = R"sql(
ALTER TABLE screening_runs ADD COLUMN received_on {{DATE}};
ALTER TABLE screening_runs ADD COLUMN dispatch_by {{DATE}};
ALTER TABLE screening_runs ADD COLUMN verify_by {{DATE}};
ALTER TABLE screening_runs ADD COLUMN unmatched_rows {{BLOB}};
UPDATE screening_runs SET
  received_on = (SELECT min(w.received_on) FROM screening_warnings w WHERE w.run_id = screening_runs.id),
  dispatch_by = (SELECT min(w.dispatch_by) FROM screening_warnings w WHERE w.run_id = screening_runs.id),
  verify_by = (SELECT min(w.verify_by) FROM screening_warnings w WHERE w.run_id = screening_runs.id);
CREATE TABLE screening_warnings_v5 (
  id            {{ID_PK}},
  household_id  {{KEY_TEXT}} NOT NULL,
  member_key    BIGINT NOT NULL,
  department    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  grade_rank    INTEGER NOT NULL,
  signals       BIGINT NOT NULL,
  run_id        BIGINT NOT NULL,
  last_run_id   BIGINT NOT NULL,
  status        TEXT NOT NULL,
  verify_result TEXT,
  verified_by   TEXT,
  verified_on   {{DATE}},
  verified_at   {{TIMESTAMP}},
  facts         {{BLOB}} NOT NULL
);
INSERT INTO screening_warnings_v5 (id, household_id, member_key, department, reason, grade_rank, signals, run_id,
  last_run_id, status, verify_result, verified_by, verified_on, verified_at, facts)
SELECT id, household_id,
  CASE WHEN length(member_id) = 18 THEN CAST(substr(member_id, 1, 17) AS BIGINT) ELSE 0 END,
  department, reason, grade_rank, signals, run_id, run_id, status, verify_result, verified_by, verified_on,
  CASE WHEN status = 'open' THEN NULL ELSE updated_at END, CAST(facts AS {{BLOB}})
FROM screening_warnings ORDER BY id;
DROP TABLE screening_warnings;
ALTER TABLE screening_warnings_v5 RENAME TO screening_warnings;
CREATE UNIQUE INDEX screening_warnings_open ON screening_warnings (household_id, reason) WHERE status = 'open';
)sql";

using namespace sqlite;

namespace {

// A warning with its household's region and its first and last run.
constexpr std::string_view kWarningSelect =
    "SELECT w.id, w.household_id, h.region_code, w.member_key, w.department, w.reason, w.grade_rank, w.facts, "
    "w.signals, w.run_id, r.month, r.received_on, r.dispatch_by, r.verify_by, w.status, w.verify_result, "
    "w.verified_by, w.verified_on, r.at, coalesce(w.verified_at, l.at) "
    "FROM screening_warnings w JOIN households h ON h.household_id = w.household_id "
    "JOIN screening_runs r ON r.id = w.run_id JOIN screening_runs l ON l.id = w.last_run_id";

constexpr std::string_view kGrades[] = {"", "黄", "橙", "红"};

void read_warning(const Statement& s, WarningRecord& w) {
  w.id = s.int64(0);
  w.household_id = s.text(1);
  w.region_code = s.text(2);
  const auto key = static_cast<std::uint64_t>(s.int64(3));
  w.member_id = key != 0 ? unpack_resident_id(key) : std::string();
  w.department = s.text(4);
  w.reason = s.text(5);
  w.grade_rank = s.integer(6);
  w.grade = w.grade_rank >= 1 && w.grade_rank <= 3 ? kGrades[w.grade_rank] : "";
  w.facts = s.blob(7);
  w.signals = s.int64(8);
  w.run_id = s.int64(9);
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
    auto s = cached("SELECT 1 FROM schema_migrations WHERE version = 5");
    if (!s) return s.error();
    const int rc = s->step();
    if (rc == SQLITE_ROW) return Ok{};
    return Error{ErrorKind::Unsupported, "数据库尚未升级到筛查预警架构（v5），请先运行 fangpin init", {}};
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

  Result<std::vector<WarningRecord>> list_warnings(const WarningFilter& f) override {
    std::string sql = fmt::format("{} WHERE 1 = 1", kWarningSelect);
    int n = 0;
    if (!f.region_prefix.empty()) sql += " AND substr(h.region_code, 1, ?) = ?";
    if (f.grade_rank > 0) sql += " AND w.grade_rank = ?";
    if (f.open_only) sql += " AND w.status = 'open'";
    if (!f.department.empty()) sql += " AND w.department = ?";
    if (f.run_id > 0) sql += " AND w.last_run_id = ?";
    sql += " ORDER BY w.id";
    if (f.limit > 0) sql += " LIMIT ?";
    auto s = cached(sql);
    if (!s) return s.error();
    if (!f.region_prefix.empty()) {
      s->bind_int(++n, static_cast<std::int64_t>(f.region_prefix.size()));
      s->bind_text(++n, f.region_prefix);
    }
    if (f.grade_rank > 0) s->bind_int(++n, f.grade_rank);
    if (!f.department.empty()) s->bind_text(++n, f.department);
    if (f.run_id > 0) s->bind_int(++n, f.run_id);
    if (f.limit > 0) s->bind_int(++n, static_cast<std::int64_t>(f.limit));
    std::vector<WarningRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) read_warning(*s, out.emplace_back());
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取预警");
    return out;
  }

  Result<std::optional<WarningRecord>> find_warning(std::int64_t id) override {
    auto s = cached(fmt::format("{} WHERE w.id = ?", kWarningSelect));
    if (!s) return s.error();
    s->bind_int(1, id);
    const int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<WarningRecord>{};
    if (rc != SQLITE_ROW) return sqlite_error(db_, "读取预警");
    WarningRecord w;
    read_warning(*s, w);
    return std::optional<WarningRecord>(std::move(w));
  }

  static constexpr std::size_t kProbeBlock = 2048;
  static constexpr std::size_t kInsertRows = 32;

  Status write_warnings(const std::vector<WarningUpsert>& all, const std::function<void(std::size_t)>& wait,
                        ScreeningWriteResult& out) {
    const std::int64_t run = out.run_id;
    auto probe = cached(
        "SELECT household_id, reason, id FROM screening_warnings WHERE status = 'open' AND household_id >= ? "
        "AND household_id <= ?");
    if (!probe) return probe.error();
    auto merge = cached(
        "UPDATE screening_warnings SET "
        "grade_rank = CASE WHEN ? > grade_rank THEN ? ELSE grade_rank END, signals = signals + ?, "
        "last_run_id = ?, facts = CAST(facts || ? AS {{BLOB}}) WHERE id = ? AND status = 'open' "
        "RETURNING run_id, grade_rank, signals, facts");
    if (!merge) return merge.error();
    std::string many_sql =
        "INSERT INTO screening_warnings (household_id, member_key, department, reason, grade_rank, signals, run_id, "
        "last_run_id, status, facts) VALUES ";
    const std::string_view one_row = "(?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)";
    std::string one_sql = many_sql + std::string(one_row);
    for (std::size_t i = 0; i < kInsertRows; ++i) many_sql += (i ? ", " : "") + std::string(one_row);
    auto many = cached(many_sql);
    if (!many) return many.error();
    auto one = cached(one_sql);
    if (!one) return one.error();
    // Ids: a rowid table gives each new row max(id) + 1, and this transaction is the only
    // writer, so a statement's rows get consecutive ids. Checked after every statement.
    std::int64_t last_id = 0;
    {
      auto m = cached("SELECT coalesce(max(id), 0) FROM screening_warnings");
      if (!m) return m.error();
      if (m->step() != SQLITE_ROW) return sqlite_error(db_, "读取预警编号");
      last_id = m->int64(0);
    }

    auto insert = [&](Statement& s, const std::size_t* idx, std::size_t n) -> Status {
      int p = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const WarningUpsert& x = all[idx[k]];
        s.bind_text_ref(++p, x.household_id);
        s.bind_int(++p, static_cast<std::int64_t>(x.member_key));
        s.bind_text_ref(++p, x.department);
        s.bind_text_ref(++p, x.reason);
        s.bind_int(++p, x.grade_rank);
        s.bind_int(++p, x.signals);
        s.bind_int(++p, run);
        s.bind_int(++p, run);
        s.bind_blob_ref(++p, x.facts);
      }
      if (s.step() != SQLITE_DONE) {
        const WarningUpsert& x = all[idx[0]];
        return sqlite_error(db_, fmt::format("写入预警（户 {} 起 {} 条）", x.household_id, n));
      }
      s.reset();
      if (sqlite3_last_insert_rowid(db_) != last_id + static_cast<std::int64_t>(n))
        return Error{ErrorKind::Internal, "预警编号不连续，已回滚本次写入", {}};
      for (std::size_t k = 0; k < n; ++k) {
        UpsertOutcome& o = out.warnings[idx[k]];
        o.id = ++last_id;
        o.first_run = run;
        o.grade_rank = all[idx[k]].grade_rank;
        o.signals = all[idx[k]].signals;
      }
      return Ok{};
    };

    out.warnings.assign(all.size(), UpsertOutcome{});
    std::vector<std::pair<std::string, std::int64_t>> open;  // household_id \x1f reason -> id
    std::vector<std::size_t> fresh;
    std::string key;
    for (std::size_t b = 0; b < all.size(); b += kProbeBlock) {
      const std::size_t e = std::min(all.size(), b + kProbeBlock);
      if (wait) wait(e);
      std::string_view lo = all[b].household_id, hi = lo;
      for (std::size_t i = b; i < e; ++i) {
        lo = std::min(lo, all[i].household_id);
        hi = std::max(hi, all[i].household_id);
      }
      open.clear();
      probe->bind_text_ref(1, lo);
      probe->bind_text_ref(2, hi);
      int rc;
      while ((rc = probe->step()) == SQLITE_ROW)
        open.emplace_back(fmt::format("{}\x1f{}", probe->text(0), probe->text(1)), probe->int64(2));
      if (rc != SQLITE_DONE) return sqlite_error(db_, "读取待核实预警");
      probe->reset();
      std::sort(open.begin(), open.end());
      fresh.clear();
      for (std::size_t i = b; i < e; ++i) {
        const WarningUpsert& x = all[i];
        std::int64_t open_id = 0;
        if (!open.empty()) {
          key.assign(x.household_id).push_back('\x1f');
          key.append(x.reason);
          auto it = std::lower_bound(open.begin(), open.end(), key,
                                     [](const auto& a, const std::string& k) { return a.first < k; });
          if (it != open.end() && it->first == key) open_id = it->second;
        }
        if (open_id == 0) {
          fresh.push_back(i);
          continue;
        }
        Statement& m = *merge;
        int p = 0;
        m.bind_int(++p, x.grade_rank);
        m.bind_int(++p, x.grade_rank);
        m.bind_int(++p, x.signals);
        m.bind_int(++p, run);
        m.bind_blob_ref(++p, x.facts);
        m.bind_int(++p, open_id);
        if (m.step() != SQLITE_ROW)
          return sqlite_error(db_, fmt::format("合并预警（户 {}，{}）", x.household_id, x.reason));
        UpsertOutcome& o = out.warnings[i];
        o.id = open_id;
        o.merged = true;
        o.first_run = m.int64(0);
        o.grade_rank = m.integer(1);
        o.signals = m.int64(2);
        out.merged_facts.emplace_back(i, std::string(m.blob(3)));
        if (m.step() != SQLITE_DONE) return sqlite_error(db_, "合并预警");
        m.reset();
      }
      std::size_t k = 0;
      for (; k + kInsertRows <= fresh.size(); k += kInsertRows)
        if (auto st = insert(*many, &fresh[k], kInsertRows); !st) return st;
      for (; k < fresh.size(); ++k)
        if (auto st = insert(*one, &fresh[k], 1); !st) return st;
    }
    return Ok{};
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
          "rejected, warnings_new, warnings_merged, red, orange, yellow, facts_added, area_events, zero_report, "
          "received_on, dispatch_by, verify_by, unmatched_rows) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
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
      for (const std::string* d : {&r.received_on, &r.dispatch_by, &r.verify_by}) {
        if (d->empty()) s->bind_null(++i);
        else s->bind_text(++i, *d);
      }
      const std::string unmatched = encode_row_numbers(w.unmatched_rows);
      s->bind_blob_ref(++i, unmatched);
      if (s->step() != SQLITE_ROW) return sqlite_error(db_, "记录筛查批次");
      out.run_id = s->int64(0);
    }
    {
      // New open warning, or merged into the open one of the same household and reason
      // (the partial unique index guarantees one). Blocks of upserts look up the open
      // warnings in their household range with one query, then insert the new ones
      // kInsertRows per statement: per-statement overhead is most of a row's cost at
      // millions of rows.
      if (auto st = write_warnings(w.warnings, w.wait_for_warnings, out); !st) return st.error();
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
      std::int64_t merged = 0, by_grade[4] = {0, 0, 0, 0};
      for (const UpsertOutcome& o : out.warnings) {
        merged += o.merged ? 1 : 0;
        ++by_grade[std::clamp(o.grade_rank, 0, 3)];
      }
      auto s = cached(
          "UPDATE screening_runs SET facts_added = ?, area_events = ?, warnings_new = ?, warnings_merged = ?, "
          "red = ?, orange = ?, yellow = ? WHERE id = ?");
      if (!s) return s.error();
      s->bind_int(1, out.facts_added);
      s->bind_int(2, out.events_added);
      s->bind_int(3, static_cast<std::int64_t>(out.warnings.size()) - merged);
      s->bind_int(4, merged);
      s->bind_int(5, by_grade[3]);
      s->bind_int(6, by_grade[2]);
      s->bind_int(7, by_grade[1]);
      s->bind_int(8, out.run_id);
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
        "verified_at = ? WHERE id = ? AND status = 'open'");
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
        "warnings_new, warnings_merged, red, orange, yellow, facts_added, area_events, zero_report, "
        "coalesce(received_on, ''), coalesce(dispatch_by, ''), coalesce(verify_by, '') "
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
      r.received_on = s->text(18);
      r.dispatch_by = s->text(19);
      r.verify_by = s->text(20);
    }
    if (rc != SQLITE_DONE) return sqlite_error(db_, "读取筛查批次");
    return out;
  }

  Result<std::vector<RowIssueRecord>> row_issues(std::int64_t run_id) override {
    std::vector<RowIssueRecord> out;
    {
      auto s = cached(
          "SELECT row_number, kind, column_name, reason FROM screening_row_issues WHERE run_id = ? ORDER BY row_number");
      if (!s) return s.error();
      s->bind_int(1, run_id);
      int rc;
      while ((rc = s->step()) == SQLITE_ROW)
        out.push_back(RowIssueRecord{s->int64(0), std::string(s->text(1)), std::string(s->text(2)),
                                     std::string(s->text(3))});
      if (rc != SQLITE_DONE) return sqlite_error(db_, "读取问题行");
    }
    auto s = cached("SELECT unmatched_rows FROM screening_runs WHERE id = ?");
    if (!s) return s.error();
    s->bind_int(1, run_id);
    const int rc = s->step();
    if (rc == SQLITE_ROW && !s->is_null(0)) {
      auto rows = decode_row_numbers(s->blob(0));
      if (!rows) return corrupt("screening_runs.unmatched_rows", fmt::format("批次 {}", run_id));
      const std::size_t malformed = out.size();
      out.reserve(malformed + rows->size());
      for (std::int64_t r : *rows) out.push_back(RowIssueRecord{r, "未匹配", "证件号码", "证件号码不在户籍登记中"});
      std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(malformed), out.end(),
                         [](const RowIssueRecord& a, const RowIssueRecord& b) { return a.row < b.row; });
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      return sqlite_error(db_, "读取问题行");
    }
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
