// ScreeningStore on the connection layer (schema: migrations v3 and v5).
#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "domain/resident_id.h"
#include "store/queries.h"
#include "store/row_numbers.h"
#include "store/screening_store.h"
#include "store/sql/stores.h"

namespace fangpin::store::sql {

namespace {

Error corrupt(std::string_view column, std::string_view value) {
  return Error{ErrorKind::Internal, fmt::format("数据库中 {} 的值无法识别：“{}”", column, value),
               std::string(column)};
}

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
  w.created_at = s.timestamp(18);
  w.updated_at = s.timestamp(19);
}

// Writes a run's warnings (in household order) block by block, kProbeBlock upserts at a
// time, in the caller's write transaction:
//   1. find_open    the open warnings in the block's household range, one query;
//   2. merge        an upsert whose household and reason has an open warning is merged into
//                   it (grade raised, signals added, facts appended);
//   3. insert_fresh the others are inserted as new open warnings, bulk_insert_rows per
//                   statement where the backend gives consecutive ids (per-statement
//                   overhead is most of a row's cost at millions of rows), else one per
//                   statement with RETURNING id.
class WarningWriter {
 public:
  static constexpr std::size_t kProbeBlock = 2048;

  WarningWriter(Connection& c, const std::vector<WarningUpsert>& all, ScreeningWriteResult& out)
      : c_(c), all_(all), out_(out), run_(out.run_id) {}

  Status write(const std::function<void(std::size_t)>& wait) {
    if (auto s = prepare(); !s) return s;
    out_.warnings.assign(all_.size(), UpsertOutcome{});
    for (std::size_t b = 0; b < all_.size(); b += kProbeBlock) {
      const std::size_t e = std::min(all_.size(), b + kProbeBlock);
      if (wait) wait(e);
      if (auto s = find_open(b, e); !s) return s;
      fresh_.clear();
      for (std::size_t i = b; i < e; ++i) {
        const std::int64_t open_id = open_id_of(all_[i]);
        if (open_id == 0) fresh_.push_back(i);
        else if (auto s = merge(i, open_id); !s) return s;
      }
      if (auto s = insert_fresh(); !s) return s;
    }
    return Ok{};
  }

 private:
  Status prepare() {
    const Capabilities& caps = c_.capabilities();
    consecutive_ = caps.consecutive_ids;
    batch_ = consecutive_ ? static_cast<std::size_t>(std::max(1, caps.bulk_insert_rows)) : 1;
    auto probe = c_.prepare(
        "SELECT household_id, reason, id FROM screening_warnings WHERE status = 'open' AND household_id >= ? "
        "AND household_id <= ?");
    if (!probe) return probe.error();
    probe_.emplace(std::move(*probe));
    auto merge = c_.prepare(
        "UPDATE screening_warnings SET "
        "grade_rank = CASE WHEN ? > grade_rank THEN ? ELSE grade_rank END, signals = signals + ?, "
        "last_run_id = ?, facts = CAST(facts || ? AS {{BLOB}}) WHERE id = ? AND status = 'open' "
        "RETURNING run_id, grade_rank, signals, facts");
    if (!merge) return merge.error();
    merge_.emplace(std::move(*merge));
    std::string many_sql =
        "INSERT INTO screening_warnings (household_id, member_key, department, reason, grade_rank, signals, run_id, "
        "last_run_id, status, facts) VALUES ";
    const std::string_view one_row = "(?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)";
    std::string one_sql = many_sql + std::string(one_row) + (consecutive_ ? "" : " RETURNING id");
    for (std::size_t i = 0; i < batch_; ++i) many_sql += (i ? ", " : "") + std::string(one_row);
    auto one = c_.prepare(one_sql);
    if (!one) return one.error();
    one_.emplace(std::move(*one));
    if (batch_ > 1) {
      auto many = c_.prepare(many_sql);
      if (!many) return many.error();
      many_.emplace(std::move(*many));
    }
    // Consecutive ids: each new row gets max(id) + 1, and the lock makes this transaction
    // the only writer of warnings, so a statement's rows get consecutive ids (checked after
    // every statement).
    if (auto s = c_.lock(LockKey::WarningIds); !s) return s;
    if (consecutive_) {
      auto m = c_.prepare("SELECT coalesce(max(id), 0) FROM screening_warnings");
      if (!m) return m.error();
      if (m->step() != Step::Row) return c_.error("读取预警编号");
      last_id_ = m->int64(0);
    }
    return Ok{};
  }

  // Step 1: (household_id \x1f reason, id) of the open warnings in [all[b], all[e-1]]'s range.
  Status find_open(std::size_t b, std::size_t e) {
    std::string_view lo = all_[b].household_id, hi = lo;
    for (std::size_t i = b; i < e; ++i) {
      lo = std::min(lo, all_[i].household_id);
      hi = std::max(hi, all_[i].household_id);
    }
    open_.clear();
    Statement& probe = *probe_;
    probe.bind_text_ref(1, lo);
    probe.bind_text_ref(2, hi);
    Step rc;
    while ((rc = probe.step()) == Step::Row)
      open_.emplace_back(fmt::format("{}\x1f{}", probe.text(0), probe.text(1)), probe.int64(2));
    if (rc != Step::Done) return c_.error("读取待核实预警");
    probe.reset();
    std::sort(open_.begin(), open_.end());
    return Ok{};
  }

  std::int64_t open_id_of(const WarningUpsert& x) {
    if (open_.empty()) return 0;
    key_.assign(x.household_id).push_back('\x1f');
    key_.append(x.reason);
    auto it = std::lower_bound(open_.begin(), open_.end(), key_,
                               [](const auto& a, const std::string& k) { return a.first < k; });
    return it != open_.end() && it->first == key_ ? it->second : 0;
  }

  // Step 2.
  Status merge(std::size_t i, std::int64_t open_id) {
    const WarningUpsert& x = all_[i];
    Statement& m = *merge_;
    int p = 0;
    m.bind_int(++p, x.grade_rank);
    m.bind_int(++p, x.grade_rank);
    m.bind_int(++p, x.signals);
    m.bind_int(++p, run_);
    m.bind_blob_ref(++p, x.facts);
    m.bind_int(++p, open_id);
    if (m.step() != Step::Row) return c_.error(fmt::format("合并预警（户 {}，{}）", x.household_id, x.reason));
    UpsertOutcome& o = out_.warnings[i];
    o.id = open_id;
    o.merged = true;
    o.first_run = m.int64(0);
    o.grade_rank = m.integer(1);
    o.signals = m.int64(2);
    out_.merged_facts.emplace_back(i, std::string(m.blob(3)));
    if (m.step() != Step::Done) return c_.error("合并预警");
    m.reset();
    return Ok{};
  }

  // Step 3.
  Status insert_fresh() {
    std::size_t k = 0;
    if (batch_ > 1)
      for (; k + batch_ <= fresh_.size(); k += batch_)
        if (auto st = insert(*many_, &fresh_[k], batch_); !st) return st;
    for (; k < fresh_.size(); ++k)
      if (auto st = insert(*one_, &fresh_[k], 1); !st) return st;
    return Ok{};
  }

  Status insert(Statement& s, const std::size_t* idx, std::size_t n) {
    int p = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const WarningUpsert& x = all_[idx[k]];
      s.bind_text_ref(++p, x.household_id);
      s.bind_int(++p, static_cast<std::int64_t>(x.member_key));
      s.bind_text_ref(++p, x.department);
      s.bind_text_ref(++p, x.reason);
      s.bind_int(++p, x.grade_rank);
      s.bind_int(++p, x.signals);
      s.bind_int(++p, run_);
      s.bind_int(++p, run_);
      s.bind_blob_ref(++p, x.facts);
    }
    auto failed = [&] {
      return c_.error(fmt::format("写入预警（户 {} 起 {} 条）", all_[idx[0]].household_id, n));
    };
    if (consecutive_) {
      if (s.step() != Step::Done) return failed();
      s.reset();
      if (c_.last_insert_id() != last_id_ + static_cast<std::int64_t>(n))
        return Error{ErrorKind::Internal, "预警编号不连续，已回滚本次写入", {}};
    } else {
      if (s.step() != Step::Row) return failed();
      last_id_ = s.int64(0) - 1;
      if (s.step() != Step::Done) return failed();
      s.reset();
    }
    for (std::size_t k = 0; k < n; ++k) {
      UpsertOutcome& o = out_.warnings[idx[k]];
      o.id = ++last_id_;
      o.first_run = run_;
      o.grade_rank = all_[idx[k]].grade_rank;
      o.signals = all_[idx[k]].signals;
    }
    return Ok{};
  }

  Connection& c_;
  const std::vector<WarningUpsert>& all_;
  ScreeningWriteResult& out_;
  const std::int64_t run_;
  bool consecutive_ = false;
  std::size_t batch_ = 1;
  std::optional<Statement> probe_, merge_, one_, many_;
  std::int64_t last_id_ = 0;
  std::vector<std::pair<std::string, std::int64_t>> open_;  // household_id \x1f reason -> id
  std::vector<std::size_t> fresh_;
  std::string key_;
};

class SqlScreeningStore final : public ScreeningStore {
 public:
  explicit SqlScreeningStore(Connection& c) : c_(c) {}

  Result<std::int64_t> registry_stamp() override {
    auto s = c_.prepare("SELECT coalesce(max(id), 0), count(*) FROM import_runs");
    if (!s) return s.error();
    if (s->step() != Step::Row) return c_.error("读取登记版本");
    return s->int64(0) * 1000003 + s->int64(1);
  }

  Status scan_registry(const std::function<void(const IndexHouseholdRow&)>& household,
                       const std::function<void(const IndexMemberRow&)>& member) override {
    auto tx = c_.begin(TxMode::Read);
    if (!tx) return tx.error();
    {
      auto s = c_.prepare(
          "SELECT h.household_id, h.region_code, f.year, "
          " f.wage_income + f.business_income + f.property_income + f.transfer_income - f.business_expense, "
          " f.medical_selfpay + f.education_expense + f.disaster_loss + f.accident_expense + f.other_rigid "
          "FROM households h LEFT JOIN finances f ON f.household_id = h.household_id AND f.superseded_at IS NULL "
          " AND f.year = (SELECT max(g.year) FROM finances g WHERE g.household_id = h.household_id "
          "               AND g.superseded_at IS NULL) "
          "ORDER BY h.household_id");
      if (!s) return s.error();
      Step rc;
      IndexHouseholdRow r;
      while ((rc = s->step()) == Step::Row) {
        r.household_id = s->text(0);
        r.region_code = s->text(1);
        r.finance_year = s->is_null(2) ? 0 : s->integer(2);
        r.net = s->int64(3);
        r.rigid = s->int64(4);
        household(r);
      }
      if (rc != Step::Done) return c_.error("读取户");
    }
    {
      auto s = c_.prepare("SELECT id_number, household_id, labour, status FROM members ORDER BY household_id, id_number");
      if (!s) return s.error();
      Step rc;
      IndexMemberRow r;
      while ((rc = s->step()) == Step::Row) {
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
      if (rc != Step::Done) return c_.error("读取成员");
    }
    return tx->commit();
  }

  Result<std::vector<WarningRecord>> list_warnings(const WarningFilter& f) override {
    std::string sql = fmt::format("{} WHERE 1 = 1", kWarningSelect);
    const RegionRange region = region_range("h.region_code", f.region_prefix);
    int n = 0;
    if (region.any()) sql += " AND " + region.cond;
    if (f.grade_rank > 0) sql += " AND w.grade_rank = ?";
    if (f.open_only) sql += " AND w.status = 'open'";
    if (!f.department.empty()) sql += " AND w.department = ?";
    if (f.run_id > 0) sql += " AND w.last_run_id = ?";
    sql += " ORDER BY w.id";
    if (f.limit > 0) sql += " LIMIT ?";
    auto s = c_.prepare(sql);
    if (!s) return s.error();
    n = region.bind(*s, n + 1) - 1;
    if (f.grade_rank > 0) s->bind_int(++n, f.grade_rank);
    if (!f.department.empty()) s->bind_text(++n, f.department);
    if (f.run_id > 0) s->bind_int(++n, f.run_id);
    if (f.limit > 0) s->bind_int(++n, static_cast<std::int64_t>(f.limit));
    std::vector<WarningRecord> out;
    Step rc;
    while ((rc = s->step()) == Step::Row) read_warning(*s, out.emplace_back());
    if (rc != Step::Done) return c_.error("读取预警");
    return out;
  }

  Result<std::optional<WarningRecord>> find_warning(std::int64_t id) override {
    auto s = c_.prepare(fmt::format("{} WHERE w.id = ?", kWarningSelect));
    if (!s) return s.error();
    s->bind_int(1, id);
    const Step rc = s->step();
    if (rc == Step::Done) return std::optional<WarningRecord>{};
    if (rc != Step::Row) return c_.error("读取预警");
    WarningRecord w;
    read_warning(*s, w);
    return std::optional<WarningRecord>(std::move(w));
  }

  Result<ScreeningWriteResult> write_screening(const ScreeningWrite& w) override {
    if (auto s = c_.bulk_write(); !s) return s.error();
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    ScreeningWriteResult out;
    const std::string now = w.run.at.empty() ? utc_now_iso() : w.run.at;
    const ScreeningRunRecord& r = w.run;
    {
      auto s = c_.prepare(
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
      auto id = insert_returning_id(c_, *s, "记录筛查批次");
      if (!id) return id.error();
      out.run_id = *id;
    }
    {
      // New open warning, or merged into the open one of the same household and reason
      // (the partial unique index guarantees one). Blocks of upserts look up the open
      // warnings in their household range with one query, then insert the new ones
      // kInsertRows per statement: per-statement overhead is most of a row's cost at
      // millions of rows.
      if (auto st = WarningWriter(c_, w.warnings, out).write(w.wait_for_warnings); !st) return st.error();
    }
    {
      auto s = c_.prepare(
          "INSERT INTO negative_facts (household_id, kind, detail, source, recorded_at) "
          "SELECT ?, ?, ?, ?, CAST(? AS {{TIMESTAMP}}) "
          "WHERE NOT EXISTS (SELECT 1 FROM negative_facts WHERE household_id = ? AND kind = ? AND detail = ? "
          "AND source = ?)");
      if (!s) return s.error();
      for (const NegativeFact& f : w.negative_facts) {
        int i = 0;
        for (const std::string* v : {&f.household_id, &f.kind, &f.detail, &f.source}) s->bind_text(++i, *v);
        s->bind_text(++i, now);
        for (const std::string* v : {&f.household_id, &f.kind, &f.detail, &f.source}) s->bind_text(++i, *v);
        if (s->step() != Step::Done) return c_.error("写入负面清单事实");
        out.facts_added += s->changes();
        s->reset();
      }
    }
    {
      auto s = c_.prepare(
          "INSERT INTO area_events (region_prefix, year, kind, recorded_at) "
          "SELECT ?, CAST(? AS INTEGER), ?, CAST(? AS {{TIMESTAMP}}) WHERE NOT EXISTS "
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
        if (s->step() != Step::Done) return c_.error("写入区域事件");
        out.events_added += s->changes();
        s->reset();
      }
    }
    {
      auto s = c_.prepare("INSERT INTO screening_row_issues (run_id, row_number, kind, column_name, reason) VALUES (?, ?, ?, ?, ?)");
      if (!s) return s.error();
      for (const RowIssueRecord& x : w.issues) {
        s->bind_int(1, out.run_id);
        s->bind_int(2, x.row);
        s->bind_text(3, x.kind);
        s->bind_text(4, x.column);
        s->bind_text(5, x.reason);
        if (s->step() != Step::Done) return c_.error("记录问题行");
        s->reset();
      }
    }
    {
      std::int64_t merged = 0, by_grade[4] = {0, 0, 0, 0};
      for (const UpsertOutcome& o : out.warnings) {
        merged += o.merged ? 1 : 0;
        ++by_grade[std::clamp(o.grade_rank, 0, 3)];
      }
      auto s = c_.prepare(
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
      if (s->step() != Step::Done) return c_.error("记录筛查批次");
    }
    if (auto s = tx->commit(); !s) return s.error();
    return out;
  }

  Result<WarningRecord> verify_warning(std::int64_t id, std::string_view result, std::string_view by,
                                       std::string_view on) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    auto cur = find_warning(id);
    if (!cur) return cur.error();
    if (!cur->has_value()) return not_found(fmt::format("预警 {} 不存在", id), "id");
    if ((*cur)->status != "open")
      return Error{ErrorKind::Conflict,
                   fmt::format("预警 {} 已于 {} 由 {} 核实（{}）", id, (*cur)->verified_on, (*cur)->verified_by,
                               (*cur)->verify_result),
                   "id"};
    auto s = c_.prepare(
        "UPDATE screening_warnings SET status = 'verified', verify_result = ?, verified_by = ?, verified_on = ?, "
        "verified_at = ? WHERE id = ? AND status = 'open'");
    if (!s) return s.error();
    s->bind_text(1, result);
    s->bind_text(2, by);
    s->bind_text(3, on);
    s->bind_text(4, utc_now_iso());
    s->bind_int(5, id);
    if (s->step() != Step::Done) return c_.error("核实预警");
    auto after = find_warning(id);
    if (!after) return after.error();
    if (auto c = tx->commit(); !c) return c.error();
    return std::move(**after);
  }

  Result<std::vector<ScreeningRunRecord>> screening_runs() override {
    auto s = c_.prepare(
        "SELECT id, department, month, source_file, username, at, rows_total, matched, unmatched, rejected, "
        "warnings_new, warnings_merged, red, orange, yellow, facts_added, area_events, zero_report, "
        "received_on, dispatch_by, verify_by "
        "FROM screening_runs ORDER BY id");
    if (!s) return s.error();
    std::vector<ScreeningRunRecord> out;
    Step rc;
    while ((rc = s->step()) == Step::Row) {
      ScreeningRunRecord& r = out.emplace_back();
      r.id = s->int64(0);
      r.department = s->text(1);
      r.month = s->text(2);
      r.source_file = s->text(3);
      r.user = s->text(4);
      r.at = s->timestamp(5);
      std::int64_t* f[] = {&r.rows, &r.matched, &r.unmatched, &r.rejected, &r.warnings_new, &r.warnings_merged,
                           &r.red, &r.orange, &r.yellow, &r.facts_added, &r.area_events};
      for (int i = 0; i < 11; ++i) *f[i] = s->int64(6 + i);
      r.zero_report = s->boolean(17);
      r.received_on = s->text(18);  // NULL (runs before v5) reads as ""
      r.dispatch_by = s->text(19);
      r.verify_by = s->text(20);
    }
    if (rc != Step::Done) return c_.error("读取筛查批次");
    return out;
  }

  Result<std::vector<RowIssueRecord>> row_issues(std::int64_t run_id) override {
    std::vector<RowIssueRecord> out;
    {
      auto s = c_.prepare(
          "SELECT row_number, kind, column_name, reason FROM screening_row_issues WHERE run_id = ? ORDER BY row_number");
      if (!s) return s.error();
      s->bind_int(1, run_id);
      Step rc;
      while ((rc = s->step()) == Step::Row)
        out.push_back(RowIssueRecord{s->int64(0), std::string(s->text(1)), std::string(s->text(2)),
                                     std::string(s->text(3))});
      if (rc != Step::Done) return c_.error("读取问题行");
    }
    auto s = c_.prepare("SELECT unmatched_rows FROM screening_runs WHERE id = ?");
    if (!s) return s.error();
    s->bind_int(1, run_id);
    const Step rc = s->step();
    if (rc == Step::Row && !s->is_null(0)) {
      auto rows = decode_row_numbers(s->blob(0));
      if (!rows) return corrupt("screening_runs.unmatched_rows", fmt::format("批次 {}", run_id));
      const std::size_t malformed = out.size();
      out.reserve(malformed + rows->size());
      for (std::int64_t r : *rows) out.push_back(RowIssueRecord{r, "未匹配", "证件号码", "证件号码不在户籍登记中"});
      std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(malformed), out.end(),
                         [](const RowIssueRecord& a, const RowIssueRecord& b) { return a.row < b.row; });
    } else if (rc != Step::Row && rc != Step::Done) {
      return c_.error("读取问题行");
    }
    return out;
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<ScreeningStore> make_screening_store(Connection& c) { return std::make_unique<SqlScreeningStore>(c); }

}  // namespace fangpin::store::sql
