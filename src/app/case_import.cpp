#include "app/case_import.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "app/workflow/case_documents.h"
#include "app/workflow/case_json.h"
#include "app/workflow/workflow_service.h"

namespace fangpin::app {

using namespace workflow;

namespace {

template <class T>
struct Parsed {
  std::size_t row;
  T value;
};

struct StoredCase {
  std::int64_t id = 0;
  std::int64_t version = 0;
  Case c;
};

// What the store knows about the households a file names (inside the actor's scope).
struct Known {
  std::unordered_map<std::string, std::string> region;             // household -> region code
  std::unordered_map<std::string, std::vector<StoredCase>> cases;  // household -> its cases, by id
};

void reject(ImportReport& report, std::size_t row, std::string column, std::string reason) {
  report.errors.push_back(io::RowError{row, std::move(column), std::move(reason)});
}

Result<Known> load_known(store::Database& db, const std::vector<std::string>& household_ids, const std::string& scope) {
  Known k;
  for (const std::string& id : household_ids) {
    if (k.region.count(id)) continue;
    auto found = db.registry().find_household(id);
    if (!found) return found.error();
    // Outside the scope looks exactly like a missing household.
    if (*found && (*found)->household.region_code.starts_with(scope)) k.region.emplace(id, (*found)->household.region_code);
  }
  auto rows = db.cases().list_cases(scope);
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    if (!k.region.count(r.household_id)) continue;
    auto c = case_from_text(r.data);
    if (!c) return Error{c.error().kind, fmt::format("案件 {}：{}", r.id, c.error().message), c.error().field};
    c->id = r.id;
    k.cases[r.household_id].push_back(StoredCase{r.id, r.version, std::move(*c)});
  }
  return k;
}

// Reads every row of the file, each parsed on its own.
template <class T, class ParseRow>
Result<std::vector<Parsed<T>>> read_rows(io::TableReader& reader, const io::CaseHeaderMap& header, ImportReport& report,
                                         std::size_t& data_rows, std::vector<std::size_t>& bad_rows, ParseRow parse) {
  std::vector<Parsed<T>> out;
  io::TableRow row;
  while (true) {
    auto more = reader.next(row);
    if (!more) return more.error();
    if (!*more) break;
    ++data_rows;
    if (!header.missing_required.empty()) continue;
    const std::size_t before = report.errors.size();
    if (auto v = parse(header, row, report.errors)) out.push_back({row.row_number, std::move(*v)});
    if (report.errors.size() != before) bad_rows.push_back(row.row_number);
  }
  return out;
}

// A migrated case becomes a store row through app::case_row, as every case write does: the
// household's monitored type and status follow the imported decisions in the same
// transaction (issue 14 item 2). `before` is the stored case when measures are added.
store::CaseRow row_of(const Case& c, std::int64_t id = 0, std::int64_t version = 0, const Case* before = nullptr) {
  return case_row(c, id, version, before);
}

store::AuditDraft draft(const CaseImportRequest& req, std::string before, std::string after) {
  return store::AuditDraft{req.actor.name, std::string(label(req.actor.role)), req.now, req.now.substr(0, 10), "迁入",
                           std::move(before), std::move(after)};
}

// The case a row describes, its decisions replayed in date order as the records the
// procedure would have left (县级审定, 消除县级审定, 回头看 with 回退, 清退).
Case migrated_case(const io::ExistingCase& e, const std::string& region, const Actor& actor, const std::string& source,
                   std::size_t row) {
  Case c;
  c.household_id = e.household_id;
  c.region_code = region;
  c.channel = e.channel;
  c.clue_date = e.clue_date;
  c.clue_note = fmt::format("{}：{} 第 {} 行", kMigratedMark, source, row);
  c.type = e.type;
  c.reasons = e.reasons;
  c.status = CaseStatus::Monitored;
  c.approved_on = e.approved_on;
  auto record = [&](Step step, const Date& on, std::string note) {
    c.history.push_back(StepRecord{step, on, actor.name, Role::County, std::move(note), {}});
  };
  record(Step::CountyApproval, e.approved_on,
         fmt::format("{}：认定为 {}，风险原因 {}（{} 第 {} 行）", kMigratedMark, label(e.type), reasons_text(e.reasons),
                     source, row));
  enum class Kind { Eliminate, Rollback, Remove };
  std::vector<std::pair<Date, Kind>> events;
  // Equal dates keep this order: the procedure's order for the row's final state.
  if (e.status == io::ExistingStatus::Eliminated) {
    if (e.rolled_back_on) events.emplace_back(*e.rolled_back_on, Kind::Rollback);
    events.emplace_back(*e.eliminated_on, Kind::Eliminate);
  } else {
    if (e.eliminated_on) events.emplace_back(*e.eliminated_on, Kind::Eliminate);
    if (e.rolled_back_on) events.emplace_back(*e.rolled_back_on, Kind::Rollback);
    if (e.removed_on) events.emplace_back(*e.removed_on, Kind::Remove);
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [on, kind] : events) {
    switch (kind) {
      case Kind::Eliminate:
        c.status = CaseStatus::Eliminated;
        c.eliminated_on = on;
        record(Step::ElimCountyApproval, on, fmt::format("{}：标注风险消除", kMigratedMark));
        break;
      case Kind::Rollback:
        c.status = CaseStatus::Monitored;
        c.eliminated_on.reset();
        ++c.rollbacks;
        c.last_backcheck = on;
        record(Step::BackCheck, on, fmt::format("{}：风险消除回退", kMigratedMark));
        break;
      case Kind::Remove:
        c.status = CaseStatus::Removed;
        c.closed_on = on;
        c.closed_reason = e.removed_reason;
        record(Step::Removal, on, e.removed_reason);
        break;
    }
  }
  if (!e.caseworker.empty()) {
    c.caseworker = e.caseworker;
    c.caseworker_on = e.approved_on;  // the source gives no date: counted from the approval
  }
  if (e.plan_on) c.plan = Plan{*e.plan_on, fmt::format("帮扶计划（{}，内容见原系统）", kMigratedMark), {}, std::nullopt};
  return c;
}

bool same_measure(const Measure& m, const io::ExistingMeasure& e) {
  return m.category == e.category && m.start == e.start && m.amount == e.amount && m.unit == e.unit && m.note == e.note;
}

// The case a household's measures belong to: its live case, else its latest approved one.
const StoredCase* measure_target(const std::vector<StoredCase>& cases) {
  const StoredCase* latest = nullptr;
  for (const StoredCase& s : cases) {
    if (s.c.active() && s.c.approved_on) return &s;
    if (s.c.approved_on && (latest == nullptr || s.id > latest->id)) latest = &s;
  }
  return latest;
}

void finish_report(ImportReport& report, std::vector<std::size_t>& bad_rows) {
  std::sort(bad_rows.begin(), bad_rows.end());
  bad_rows.erase(std::unique(bad_rows.begin(), bad_rows.end()), bad_rows.end());
  report.rejected = static_cast<int>(bad_rows.size());
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const io::RowError& a, const io::RowError& b) { return a.row < b.row; });
}

// --- 存量监测对象 ---------------------------------------------------------------------------

Result<ImportReport> import_cases(store::Database& db, const CaseImportRequest& req, io::TableReader& reader,
                                  const io::CaseHeaderMap& header, ImportReport report, const std::string& source) {
  std::size_t data_rows = 0;
  std::vector<std::size_t> bad_rows;
  auto parsed = read_rows<io::ExistingCase>(reader, header, report, data_rows, bad_rows, io::parse_existing_case_row);
  if (!parsed) return parsed.error();
  store::ImportRun run{"cases", source, req.actor.name, req.now, 0, 0};
  if (!header.missing_required.empty()) {
    for (const auto& col : header.missing_required) reject(report, 1, col, "缺少必填列");
    report.rejected = static_cast<int>(data_rows);
    run.rejected = report.rejected;
    if (auto s = db.registry().record_import(run); !s) return s.error();
    return report;
  }
  std::vector<std::string> ids;
  for (const auto& p : *parsed) ids.push_back(p.value.household_id);
  auto known = load_known(db, ids, req.actor.scope);
  if (!known) return known.error();

  std::vector<Case> fresh;
  std::unordered_map<std::string, std::size_t> first_row;
  for (const auto& [row, e] : *parsed) {
    auto fail = [&](std::string column, std::string reason) {
      reject(report, row, std::move(column), std::move(reason));
      bad_rows.push_back(row);
    };
    auto [it, first] = first_row.emplace(e.household_id, row);
    if (!first) {
      fail("户编号", fmt::format("户编号重复（与第 {} 行相同）：一户一行", it->second));
      continue;
    }
    auto region = known->region.find(e.household_id);
    if (region == known->region.end()) {
      fail("户编号", fmt::format("户编号 {} 不存在（请先导入户信息）", e.household_id));
      continue;
    }
    const auto& cases = known->cases[e.household_id];
    // The same row imported before: its migrated case, whatever happened to it since.
    const bool imported = std::any_of(cases.begin(), cases.end(), [&](const StoredCase& s) {
      return is_migrated(s.c) && s.c.approved_on == e.approved_on;
    });
    if (imported) {
      ++report.written.unchanged;
      continue;
    }
    auto live = std::find_if(cases.begin(), cases.end(), [](const StoredCase& s) { return s.c.active(); });
    if (live != cases.end()) {
      fail("户编号", fmt::format("户编号 {} 已有在办案件（案件 {}，{}），一户只能有一个在办案件", e.household_id,
                                 live->id, live->c.state_label()));
      continue;
    }
    fresh.push_back(migrated_case(e, region->second, req.actor, source, row));
  }
  finish_report(report, bad_rows);
  run.rejected = report.rejected;
  run.imported = static_cast<int>(fresh.size());
  if (req.strict && report.rejected > 0) {
    run.imported = 0;
    if (auto s = db.registry().record_import(run); !s) return s.error();
    return report;
  }
  auto written = db.transaction([&]() -> Status {
    for (const Case& c : fresh) {
      auto stored = db.cases().create_case(row_of(c), draft(req, "", ""));
      if (!stored) return Error{stored.error().kind, fmt::format("户编号 {}：{}", c.household_id, stored.error().message),
                                stored.error().field};
    }
    return db.registry().record_import(run);
  });
  if (!written) return written.error();
  report.imported = run.imported;
  report.written.inserted = run.imported;
  return report;
}

// --- 帮扶措施 -------------------------------------------------------------------------------

Result<ImportReport> import_measures(store::Database& db, const CaseImportRequest& req, io::TableReader& reader,
                                     const io::CaseHeaderMap& header, ImportReport report, const std::string& source) {
  std::size_t data_rows = 0;
  std::vector<std::size_t> bad_rows;
  auto parsed =
      read_rows<io::ExistingMeasure>(reader, header, report, data_rows, bad_rows, io::parse_existing_measure_row);
  if (!parsed) return parsed.error();
  store::ImportRun run{"measures", source, req.actor.name, req.now, 0, 0};
  if (!header.missing_required.empty()) {
    for (const auto& col : header.missing_required) reject(report, 1, col, "缺少必填列");
    report.rejected = static_cast<int>(data_rows);
    run.rejected = report.rejected;
    if (auto s = db.registry().record_import(run); !s) return s.error();
    return report;
  }
  std::vector<std::string> ids;
  for (const auto& p : *parsed) ids.push_back(p.value.household_id);
  auto known = load_known(db, ids, req.actor.scope);
  if (!known) return known.error();

  // case id -> (the case as stored, its measures to add); std::map: cases written in id order.
  std::map<std::int64_t, std::pair<const StoredCase*, std::vector<io::ExistingMeasure>>> adds;
  int added = 0;
  for (const auto& [row, m] : *parsed) {
    auto fail = [&](std::string column, std::string reason) {
      reject(report, row, std::move(column), std::move(reason));
      bad_rows.push_back(row);
    };
    if (!known->region.count(m.household_id)) {
      fail("户编号", fmt::format("户编号 {} 不存在（请先导入户信息）", m.household_id));
      continue;
    }
    const StoredCase* target = measure_target(known->cases[m.household_id]);
    if (target == nullptr) {
      fail("户编号", fmt::format("户编号 {} 没有经县级审定的案件（请先导入存量监测对象）", m.household_id));
      continue;
    }
    if (m.start < *target->c.approved_on) {
      fail("开始日期", fmt::format("开始日期 {} 早于该户案件（案件 {}）的审定日期 {}", m.start.iso(), target->id,
                                   target->c.approved_on->iso()));
      continue;
    }
    auto& pending = adds[target->id];
    pending.first = target;
    const bool stored = std::any_of(target->c.measures.begin(), target->c.measures.end(),
                                    [&](const Measure& x) { return same_measure(x, m); });
    const bool repeated = std::any_of(pending.second.begin(), pending.second.end(), [&](const io::ExistingMeasure& x) {
      return x.category == m.category && x.start == m.start && x.amount == m.amount && x.unit == m.unit && x.note == m.note;
    });
    if (stored || repeated) {
      ++report.written.unchanged;
      continue;
    }
    pending.second.push_back(m);
    ++added;
  }
  finish_report(report, bad_rows);
  run.rejected = report.rejected;
  run.imported = added;
  if (req.strict && report.rejected > 0) {
    run.imported = 0;
    if (auto s = db.registry().record_import(run); !s) return s.error();
    return report;
  }
  auto written = db.transaction([&]() -> Status {
    for (const auto& [id, pending] : adds) {
      if (pending.second.empty()) continue;
      const StoredCase& s = *pending.first;
      Case next = s.c;
      for (const io::ExistingMeasure& m : pending.second) {
        const int n = static_cast<int>(next.measures.size()) + 1;
        next.measures.push_back(Measure{n, m.category, m.start, m.amount, m.unit, m.note, {}});
      }
      auto change = change_json(s.c, next);
      store::CaseRow row = row_of(next, s.id, s.version, &s.c);
      auto stored = db.cases().update_case(row, draft(req, std::move(change.before), std::move(change.after)));
      if (!stored) return Error{stored.error().kind, fmt::format("案件 {}：{}", id, stored.error().message), stored.error().field};
    }
    return db.registry().record_import(run);
  });
  if (!written) return written.error();
  report.imported = added;
  report.written.inserted = added;
  return report;
}

}  // namespace

bool is_migrated(const Case& c) {
  return !c.history.empty() && c.history.front().step == Step::CountyApproval &&
         c.history.front().note.starts_with(kMigratedMark);
}

Result<ImportReport> import_case_file(store::Database& db, const CaseImportRequest& req) {
  if (req.actor.name.empty()) return invalid("未指明导入人", "user");
  auto opened = io::open_table(req.path);
  if (!opened) return opened.error();
  io::TableReader& reader = **opened;
  const std::string& source = req.source_name.empty() ? req.path : req.source_name;
  ImportReport report;
  report.encoding = reader.source_encoding();
  io::CaseHeaderMap header = io::map_header(req.table, reader.header());
  for (const auto& u : header.unknown_columns) report.warnings.push_back("忽略未知列：" + u);
  if (req.table == io::CaseTable::Cases) return import_cases(db, req, reader, header, std::move(report), source);
  return import_measures(db, req, reader, header, std::move(report), source);
}

}  // namespace fangpin::app
