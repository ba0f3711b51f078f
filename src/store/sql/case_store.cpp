// CaseStore on the connection layer. Writes run in a write transaction and take the
// audit-chain lock before reading the case version and the chain head, so two writers
// serialise: the second sees the new version and gets Conflict, and the chain never forks.
#include <algorithm>

#include <fmt/format.h>

#include "store/case_store.h"
#include "store/sql/stores.h"

namespace fangpin::store::sql {

namespace {

constexpr std::string_view kCaseColumns =
    "id, household_id, region_code, status, active, clue_date, version, data";
constexpr std::string_view kInsertCase =
    "INSERT INTO cases (household_id, region_code, status, active, clue_date, version, data, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id";
constexpr std::string_view kUpdateCase =
    "UPDATE cases SET status = ?, active = ?, version = version + 1, data = ?, updated_at = ? "
    "WHERE id = ? AND version = ?";
constexpr std::string_view kCaseVersion = "SELECT version FROM cases WHERE id = ?";
constexpr std::string_view kHouseholdExists = "SELECT 1 FROM households WHERE household_id = ?";
constexpr std::string_view kActiveCase = "SELECT id FROM cases WHERE household_id = ? AND active = ?";
constexpr std::string_view kChainHead = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsertEvent =
    "INSERT INTO audit_events (seq, case_id, actor, role, region, at, on_date, action, before_json, after_json, "
    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteCaseDocuments = "DELETE FROM case_documents WHERE case_id = ?";
constexpr std::string_view kInsertCaseDocument = "INSERT INTO case_documents (sha256, case_id) VALUES (?, ?)";
constexpr std::string_view kDeleteMonitor = "DELETE FROM household_monitor WHERE household_id = ?";
constexpr std::string_view kInsertMonitor =
    "INSERT INTO household_monitor (household_id, monitored_type, status, case_id, decided_on, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteBacklog = "DELETE FROM case_documents_backlog WHERE case_id = ?";
constexpr std::string_view kDocumentColumns =
    "sha256, media_type, size, uploaded_at, uploaded_by, last_uploaded_at";
constexpr std::string_view kUnreferenced =
    " AND NOT EXISTS (SELECT 1 FROM case_documents cd WHERE cd.sha256 = documents.sha256)";
constexpr std::string_view kEventColumns =
    "seq, case_id, actor, role, region, at, on_date, action, before_json, after_json, prev_hash, hash";

Error conflict(std::string message) { return Error{ErrorKind::Conflict, std::move(message), "version"}; }

CaseRow read_case(const Statement& s) {
  CaseRow r;
  r.id = s.int64(0);
  r.household_id = s.text(1);
  r.region_code = s.text(2);
  r.status = s.text(3);
  r.active = s.boolean(4);
  r.clue_date = s.text(5);
  r.version = s.int64(6);
  r.data = s.text(7);
  return r;
}

workflow::AuditEvent read_event(const Statement& s) {
  workflow::AuditEvent e;
  e.seq = s.int64(0);
  e.case_id = s.int64(1);
  e.actor = s.text(2);
  e.role = s.text(3);
  e.region = s.text(4);
  e.at = s.text(5);
  e.on = s.text(6);
  e.action = s.text(7);
  e.before = s.text(8);
  e.after = s.text(9);
  e.prev_hash = s.text(10);
  e.hash = s.text(11);
  return e;
}

DocumentRecord read_document(const Statement& s) {
  DocumentRecord d;
  d.sha256 = s.text(0);
  d.media_type = s.text(1);
  d.size = s.int64(2);
  d.uploaded_at = s.timestamp(3);
  d.uploaded_by = s.text(4);
  d.last_uploaded_at = s.timestamp(5);
  return d;
}

class SqlCaseStore final : public CaseStore {
 public:
  explicit SqlCaseStore(Connection& c) : c_(c) {}

  Result<CaseRow> create_case(const CaseRow& row, const AuditDraft& event) override;
  Result<CaseRow> update_case(const CaseRow& row, const AuditDraft& event) override;
  Result<std::optional<CaseRow>> find_case(std::int64_t id) override;
  Result<std::vector<CaseRow>> list_cases(std::string_view region_prefix) override;
  Result<std::vector<workflow::AuditEvent>> audit_events(std::optional<std::int64_t> case_id) override;

  Status record_document(const DocumentRecord& d) override;
  Result<std::optional<DocumentRecord>> find_document(std::string_view sha256) override;
  Result<std::vector<CaseRow>> cases_with_document(std::string_view sha256) override;
  Result<std::vector<std::string>> unreferenced_documents(std::string_view before) override;
  Result<bool> forget_document(std::string_view sha256, std::string_view before) override;
  Result<std::vector<CaseRow>> unindexed_cases(std::size_t limit) override;
  Status index_case_documents(std::int64_t case_id, const std::vector<std::string>& documents) override;

 private:
  Status append_event(const CaseRow& row, const AuditDraft& draft);
  // Replaces the case's rows in case_documents (inside the caller's write transaction).
  Status write_case_documents(std::int64_t case_id, const std::vector<std::string>& documents);
  // The household's current monitored type/status from row.monitor, if set (same transaction).
  Status write_monitor(const CaseRow& row, std::int64_t case_id, const std::string& at);

  Connection& c_;
};

// Inside the caller's write transaction: links the event to the chain head.
Status SqlCaseStore::append_event(const CaseRow& row, const AuditDraft& d) {
  workflow::AuditEvent e;
  {
    auto head = c_.prepare(kChainHead);
    if (!head) return head.error();
    const Step rc = head->step();
    if (rc == Step::Row) {
      e.seq = head->int64(0) + 1;
      e.prev_hash = head->text(1);
    } else if (rc == Step::Done) {
      e.seq = 1;
      e.prev_hash = workflow::kGenesisHash;
    } else {
      return c_.error("读取审计链");
    }
  }
  e.case_id = row.id;
  e.actor = d.actor;
  e.role = d.role;
  e.region = row.region_code;
  e.at = d.at;
  e.on = d.on;
  e.action = d.action;
  e.before = d.before;
  e.after = d.after.empty() ? row.data : d.after;
  e.hash = workflow::chain_hash(e);
  auto ins = c_.prepare(kInsertEvent);
  if (!ins) return ins.error();
  int i = 1;
  ins->bind_int(i++, e.seq);
  ins->bind_int(i++, e.case_id);
  for (const std::string* v : {&e.actor, &e.role, &e.region, &e.at, &e.on, &e.action, &e.before, &e.after,
                               &e.prev_hash, &e.hash})
    ins->bind_text(i++, *v);
  if (ins->step() != Step::Done) return c_.error("写入审计事件");
  return Ok{};
}

Result<CaseRow> SqlCaseStore::create_case(const CaseRow& row, const AuditDraft& event) {
  auto tx = c_.begin(TxMode::Write);
  if (!tx) return tx.error();
  if (auto s = c_.lock(LockKey::AuditChain); !s) return s.error();
  {
    auto hh = c_.prepare(kHouseholdExists);
    if (!hh) return hh.error();
    hh->bind_text(1, row.household_id);
    const Step rc = hh->step();
    if (rc == Step::Done) return not_found(fmt::format("户编号 {} 不在登记库中", row.household_id), "household_id");
    if (rc != Step::Row) return c_.error("查找户");
  }
  {
    auto act = c_.prepare(kActiveCase);
    if (!act) return act.error();
    act->bind_text(1, row.household_id);
    act->bind_bool(2, true);
    const Step rc = act->step();
    if (rc == Step::Row)
      return conflict(fmt::format("户 {} 已有在办案件 {}，不能重复立案", row.household_id, act->int64(0)));
    if (rc != Step::Done) return c_.error("查找在办案件");
  }
  CaseRow out = row;
  {
    auto ins = c_.prepare(kInsertCase);
    if (!ins) return ins.error();
    ins->bind_text(1, row.household_id);
    ins->bind_text(2, row.region_code);
    ins->bind_text(3, row.status);
    ins->bind_bool(4, row.active);
    ins->bind_text(5, row.clue_date);
    ins->bind_text(6, row.data);
    ins->bind_text(7, event.at);
    ins->bind_text(8, event.at);
    auto id = insert_returning_id(c_, *ins, "立案");
    if (!id) return id.error();
    out.id = *id;
    out.version = 1;
  }
  if (auto s = append_event(out, event); !s) return s.error();
  if (auto s = write_case_documents(out.id, row.documents); !s) return s.error();
  if (auto s = write_monitor(row, out.id, event.at); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return out;
}

Status SqlCaseStore::write_monitor(const CaseRow& row, std::int64_t case_id, const std::string& at) {
  if (!row.monitor) return Ok{};
  auto del = c_.prepare(kDeleteMonitor);
  if (!del) return del.error();
  del->bind_text(1, row.household_id);
  if (del->step() != Step::Done) return c_.error("更新户的监测状态");
  auto ins = c_.prepare(kInsertMonitor);
  if (!ins) return ins.error();
  ins->bind_text(1, row.household_id);
  ins->bind_text(2, row.monitor->type);
  ins->bind_text(3, row.monitor->status);
  ins->bind_int(4, case_id);
  ins->bind_text(5, row.monitor->on);
  ins->bind_text(6, at);
  if (ins->step() != Step::Done) return c_.error("更新户的监测状态");
  return Ok{};
}

Result<CaseRow> SqlCaseStore::update_case(const CaseRow& row, const AuditDraft& event) {
  auto tx = c_.begin(TxMode::Write);
  if (!tx) return tx.error();
  if (auto s = c_.lock(LockKey::AuditChain); !s) return s.error();
  {
    auto v = c_.prepare(kCaseVersion);
    if (!v) return v.error();
    v->bind_int(1, row.id);
    const Step rc = v->step();
    if (rc == Step::Done) return not_found(fmt::format("案件 {} 不存在", row.id), "case");
    if (rc != Step::Row) return c_.error("读取案件版本");
    if (v->int64(0) != row.version)
      return conflict(fmt::format("案件 {} 已被他人更新（读取时版本 {}，现为 {}），请重新读取后再办理", row.id,
                                  row.version, v->int64(0)));
  }
  {
    auto upd = c_.prepare(kUpdateCase);
    if (!upd) return upd.error();
    upd->bind_text(1, row.status);
    upd->bind_bool(2, row.active);
    upd->bind_text(3, row.data);
    upd->bind_text(4, event.at);
    upd->bind_int(5, row.id);
    upd->bind_int(6, row.version);
    const Step rc = upd->step();
    if (rc == Step::Error && c_.last_failure() == Failure::Constraint)
      return conflict(fmt::format("户 {} 已有其他在办案件，本案不能恢复为在办", row.household_id));
    if (rc != Step::Done) return c_.error("更新案件");
    if (upd->changes() != 1) return conflict(fmt::format("案件 {} 已被他人更新，请重新读取后再办理", row.id));
  }
  CaseRow out = row;
  out.version = row.version + 1;
  if (auto s = append_event(out, event); !s) return s.error();
  if (auto s = write_case_documents(out.id, row.documents); !s) return s.error();
  if (auto s = write_monitor(row, out.id, event.at); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return out;
}

Result<std::optional<CaseRow>> SqlCaseStore::find_case(std::int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM cases WHERE id = ?", kCaseColumns);
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_int(1, id);
  const Step rc = s->step();
  if (rc == Step::Done) return std::optional<CaseRow>{};
  if (rc != Step::Row) return c_.error("读取案件");
  return std::optional<CaseRow>{read_case(*s)};
}

Result<std::vector<CaseRow>> SqlCaseStore::list_cases(std::string_view region_prefix) {
  const RegionRange range = region_range("region_code", region_prefix);
  auto s = c_.prepare(fmt::format("SELECT {} FROM cases{}{} ORDER BY id", kCaseColumns, range.any() ? " WHERE " : "",
                                  range.cond));
  if (!s) return s.error();
  range.bind(*s, 1);
  std::vector<CaseRow> out;
  for (Step rc; (rc = s->step()) != Step::Done;) {
    if (rc != Step::Row) return c_.error("列出案件");
    out.push_back(read_case(*s));
  }
  return out;
}

Result<std::vector<workflow::AuditEvent>> SqlCaseStore::audit_events(std::optional<std::int64_t> case_id) {
  static const std::string all = fmt::format("SELECT {} FROM audit_events ORDER BY seq", kEventColumns);
  static const std::string one = fmt::format("SELECT {} FROM audit_events WHERE case_id = ? ORDER BY seq", kEventColumns);
  auto tx = c_.begin(TxMode::Read);  // one consistent snapshot of the chain
  if (!tx) return tx.error();
  auto s = c_.prepare(case_id ? one : all);
  if (!s) return s.error();
  if (case_id) s->bind_int(1, *case_id);
  std::vector<workflow::AuditEvent> out;
  for (Step rc; (rc = s->step()) != Step::Done;) {
    if (rc != Step::Row) return c_.error("读取审计事件");
    out.push_back(read_event(*s));
  }
  return out;
}

Status SqlCaseStore::write_case_documents(std::int64_t case_id, const std::vector<std::string>& documents) {
  {
    auto del = c_.prepare(kDeleteCaseDocuments);
    if (!del) return del.error();
    del->bind_int(1, case_id);
    if (del->step() != Step::Done) return c_.error("更新案件档案索引");
  }
  std::vector<std::string_view> names(documents.begin(), documents.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  auto ins = c_.prepare(kInsertCaseDocument);
  if (!ins) return ins.error();
  for (std::string_view sha : names) {
    ins->bind_text_ref(1, sha);
    ins->bind_int(2, case_id);
    if (ins->step() != Step::Done) return c_.error("更新案件档案索引");
    ins->reset();
  }
  return Ok{};
}

Status SqlCaseStore::record_document(const DocumentRecord& d) {
  static constexpr std::string_view update[] = {"last_uploaded_at"};
  const std::string sql = fmt::format("INSERT INTO documents ({}) VALUES (?, ?, ?, ?, ?, ?){}", kDocumentColumns,
                                      c_.dialect().upsert_clause("sha256", update));
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_text(1, d.sha256);
  s->bind_text(2, d.media_type);
  s->bind_int(3, d.size);
  s->bind_text(4, d.uploaded_at);
  s->bind_text(5, d.uploaded_by);
  s->bind_text(6, d.last_uploaded_at.empty() ? d.uploaded_at : d.last_uploaded_at);
  if (s->step() != Step::Done) return c_.error("记录档案上传");
  return Ok{};
}

Result<std::optional<DocumentRecord>> SqlCaseStore::find_document(std::string_view sha256) {
  static const std::string sql = fmt::format("SELECT {} FROM documents WHERE sha256 = ?", kDocumentColumns);
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_text(1, sha256);
  const Step rc = s->step();
  if (rc == Step::Done) return std::optional<DocumentRecord>{};
  if (rc != Step::Row) return c_.error("读取档案记录");
  return std::optional<DocumentRecord>{read_document(*s)};
}

Result<std::vector<CaseRow>> SqlCaseStore::cases_with_document(std::string_view sha256) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM cases WHERE id IN (SELECT case_id FROM case_documents WHERE sha256 = ?) ORDER BY id",
      kCaseColumns);
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_text(1, sha256);
  std::vector<CaseRow> out;
  for (Step rc; (rc = s->step()) != Step::Done;) {
    if (rc != Step::Row) return c_.error("查找引用档案的案件");
    out.push_back(read_case(*s));
  }
  return out;
}

Result<std::vector<std::string>> SqlCaseStore::unreferenced_documents(std::string_view before) {
  static const std::string sql =
      fmt::format("SELECT sha256 FROM documents WHERE last_uploaded_at < ?{} ORDER BY sha256", kUnreferenced);
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_text(1, before);
  std::vector<std::string> out;
  for (Step rc; (rc = s->step()) != Step::Done;) {
    if (rc != Step::Row) return c_.error("查找未引用的档案");
    out.emplace_back(s->text(0));
  }
  return out;
}

Result<bool> SqlCaseStore::forget_document(std::string_view sha256, std::string_view before) {
  static const std::string sql =
      fmt::format("DELETE FROM documents WHERE sha256 = ? AND last_uploaded_at < ?{}", kUnreferenced);
  auto tx = c_.begin(TxMode::Write);
  if (!tx) return tx.error();
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_text(1, sha256);
  s->bind_text(2, before);
  if (s->step() != Step::Done) return c_.error("删除未引用的档案记录");
  const bool deleted = s->changes() == 1;
  if (auto st = tx->commit(); !st) return st.error();
  return deleted;
}

Result<std::vector<CaseRow>> SqlCaseStore::unindexed_cases(std::size_t limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM cases WHERE id IN (SELECT case_id FROM case_documents_backlog) ORDER BY id LIMIT ?",
      kCaseColumns);
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind_int(1, static_cast<std::int64_t>(limit));
  std::vector<CaseRow> out;
  for (Step rc; (rc = s->step()) != Step::Done;) {
    if (rc != Step::Row) return c_.error("读取待索引的案件");
    out.push_back(read_case(*s));
  }
  if (out.empty()) {
    // Backlog rows whose case is gone would otherwise be listed forever.
    if (auto st = c_.exec("DELETE FROM case_documents_backlog"); !st) return st.error();
  }
  return out;
}

Status SqlCaseStore::index_case_documents(std::int64_t case_id, const std::vector<std::string>& documents) {
  auto tx = c_.begin(TxMode::Write);
  if (!tx) return tx.error();
  if (auto s = write_case_documents(case_id, documents); !s) return s.error();
  auto del = c_.prepare(kDeleteBacklog);
  if (!del) return del.error();
  del->bind_int(1, case_id);
  if (del->step() != Step::Done) return c_.error("更新案件档案索引");
  return tx->commit();
}

}  // namespace

std::unique_ptr<CaseStore> make_case_store(Connection& c) { return std::make_unique<SqlCaseStore>(c); }

}  // namespace fangpin::store::sql
