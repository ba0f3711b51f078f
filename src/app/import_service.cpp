#include "app/import_service.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "io/policy_loader.h"

namespace fangpin::app {

namespace {

template <class T>
struct Parsed {
  std::size_t row;
  T value;
};

// The valid rows of a file, by table, and the rows that failed.
struct ParsedRows {
  std::vector<Parsed<Household>> households;
  std::vector<Parsed<Member>> members;
  std::vector<Parsed<Finance>> finances;
  std::size_t data_rows = 0;
  std::vector<std::size_t> bad_rows;  // rows with at least one error (sorted, unique at the end)

  std::size_t valid() const { return households.size() + members.size() + finances.size(); }
};

void reject(ImportReport& report, std::size_t row, std::string column, std::string reason,
            std::string other_household = {}) {
  report.errors.push_back(io::RowError{row, std::move(column), std::move(reason), std::move(other_household)});
}

// Reads every row, parsing each on its own (row, column, rule errors into the report).
// With a required column missing, rows are only counted.
Result<ParsedRows> read_rows(io::TableReader& reader, const io::HeaderMap& header, io::RegistryTable table,
                             const RegionDirectory* regions, ImportReport& report) {
  ParsedRows p;
  io::TableRow row;
  while (true) {
    auto more = reader.next(row);
    if (!more) return more.error();
    if (!*more) break;
    ++p.data_rows;
    if (!header.missing_required.empty()) continue;  // counted, all rejected by the caller
    const std::size_t before = report.errors.size();
    switch (table) {
      case io::RegistryTable::Households:
        if (auto h = io::parse_household_row(header, row, regions, report.errors)) p.households.push_back({row.row_number, std::move(*h)});
        break;
      case io::RegistryTable::Members:
        if (auto m = io::parse_member_row(header, row, report.errors)) p.members.push_back({row.row_number, std::move(*m)});
        break;
      case io::RegistryTable::Finances:
        if (auto f = io::parse_finance_row(header, row, report.errors)) p.finances.push_back({row.row_number, std::move(*f)});
        break;
    }
    if (report.errors.size() != before) p.bad_rows.push_back(row.row_number);
  }
  return p;
}

// Removes from `rows` (and records as bad) the rows `failing` rejects.
template <class T, class F>
void drop(std::vector<Parsed<T>>& rows, std::vector<std::size_t>& bad_rows, F&& failing) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](Parsed<T>& p) {
               if (!failing(p)) return false;
               bad_rows.push_back(p.row);
               return true;
             }),
             rows.end());
}

// 户编号 unique within the file.
void check_household_ids(ParsedRows& p, ImportReport& report) {
  std::unordered_map<std::string, std::size_t> first_row;
  drop(p.households, p.bad_rows, [&](const Parsed<Household>& h) {
    auto [it, fresh] = first_row.emplace(h.value.household_id, h.row);
    if (fresh) return false;
    reject(report, h.row, "户编号", "户编号重复（与第 " + std::to_string(it->second) + " 行相同）");
    return true;
  });
}

// Members and finances belong to a stored household; a 证件号码 appears once in the file
// and, if stored, in the same household.
Status check_against_store(store::Store& store, io::RegistryTable table, ParsedRows& p, ImportReport& report) {
  std::vector<std::string> ids;
  if (table == io::RegistryTable::Members)
    for (const auto& m : p.members) ids.push_back(m.value.household_id);
  else
    for (const auto& f : p.finances) ids.push_back(f.value.household_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto known = store.existing_households(ids);
  if (!known) return known.error();
  auto unknown_household = [&](const std::string& id, std::size_t r) {
    if (known->count(id)) return false;
    reject(report, r, "户编号", "户编号 " + id + " 不存在（请先导入户信息）");
    return true;
  };
  if (table == io::RegistryTable::Finances) {
    drop(p.finances, p.bad_rows, [&](const Parsed<Finance>& f) { return unknown_household(f.value.household_id, f.row); });
    return Ok{};
  }
  drop(p.members, p.bad_rows, [&](const Parsed<Member>& m) { return unknown_household(m.value.household_id, m.row); });
  std::vector<std::string> id_numbers;
  for (const auto& m : p.members) id_numbers.push_back(m.value.id_number);
  auto stored = store.member_households(id_numbers);
  if (!stored) return stored.error();
  std::unordered_map<std::string, std::size_t> first_row;
  drop(p.members, p.bad_rows, [&](const Parsed<Member>& m) {
    auto [it, fresh] = first_row.emplace(m.value.id_number, m.row);
    if (!fresh) {
      reject(report, m.row, "证件号码", "证件号码重复（与第 " + std::to_string(it->second) + " 行相同）");
      return true;
    }
    auto s = stored->find(m.value.id_number);
    if (s != stored->end() && s->second != m.value.household_id) {
      reject(report, m.row, "证件号码", "证件号码已登记在户 " + s->second + "（证件号码唯一，一人只能属于一户）",
             s->second);
      return true;
    }
    return false;
  });
  return Ok{};
}

template <class T>
std::vector<T> values(std::vector<Parsed<T>>& parsed) {
  std::vector<T> out;
  out.reserve(parsed.size());
  for (auto& p : parsed) out.push_back(std::move(p.value));
  return out;
}

// SPEC §9: an import never overrides what a case decided. Rows whose 监测对象类型 (when given)
// differs from the case's are still stored (the label is kept as imported) and reported.
Status note_case_decided(store::Store& store, const ParsedRows& rows, ImportReport& report) {
  std::vector<std::string> ids;
  ids.reserve(rows.households.size());
  for (const auto& h : rows.households) ids.push_back(h.value.household_id);
  auto decided = store.case_decided_types(ids);
  if (!decided) return decided.error();
  std::string listed;
  for (const auto& h : rows.households) {
    auto it = decided->find(h.value.household_id);
    if (it == decided->end() || !h.value.monitored_type || label(*h.value.monitored_type) == it->second) continue;
    report.case_decided_rows.push_back(h.row);
    if (report.case_decided_rows.size() <= 20) listed += (listed.empty() ? "" : "、") + std::to_string(h.row);
  }
  if (!report.case_decided_rows.empty())
    report.warnings.push_back(fmt::format("{} 户的监测对象类型与案件决定不一致，以案件为准，未覆盖（第 {}{} 行）",
                                          report.case_decided_rows.size(), listed,
                                          report.case_decided_rows.size() > 20 ? " 等" : ""));
  return Ok{};
}

Result<store::WriteSummary> write_rows(store::Store& store, io::RegistryTable table, ParsedRows& p,
                                       const store::ImportRun& run) {
  switch (table) {
    case io::RegistryTable::Households: return store.write_households(values(p.households), run);
    case io::RegistryTable::Members: return store.write_members(values(p.members), run);
    case io::RegistryTable::Finances: return store.write_finances(values(p.finances), run);
  }
  return store::WriteSummary{};
}

}  // namespace

Result<ImportReport> import_registry_file(store::Store& store, const Policy& policy, const ImportRequest& req) {
  auto opened = io::open_table(req.path);
  if (!opened) return opened.error();
  io::TableReader& reader = **opened;
  const std::string& source = req.source_name.empty() ? req.path : req.source_name;
  ImportReport report;
  report.encoding = reader.source_encoding();

  io::HeaderMap header = io::map_header(req.table, reader.header());
  for (const auto& u : header.unknown_columns) report.warnings.push_back("忽略未知列：" + u);

  const RegionDirectory* regions = policy.validate_regions ? &io::nbs_regions() : nullptr;
  auto parsed = read_rows(reader, header, req.table, regions, report);
  if (!parsed) return parsed.error();
  ParsedRows& rows = *parsed;

  if (!header.missing_required.empty()) {
    for (const auto& col : header.missing_required) reject(report, 1, col, "缺少必填列");
    report.rejected = static_cast<int>(rows.data_rows);
    store::ImportRun run{std::string(io::table_name(req.table)), source, req.user, req.now, 0, report.rejected};
    if (auto s = store.record_import(run); !s) return s.error();
    return report;
  }

  // Cross-row and stored-data rules. Each failing row is removed from the batch.
  if (req.table == io::RegistryTable::Households) {
    check_household_ids(rows, report);
    if (auto s = note_case_decided(store, rows, report); !s) return s.error();
  } else if (auto s = check_against_store(store, req.table, rows, report); !s) {
    return s.error();
  }

  std::sort(rows.bad_rows.begin(), rows.bad_rows.end());
  rows.bad_rows.erase(std::unique(rows.bad_rows.begin(), rows.bad_rows.end()), rows.bad_rows.end());
  report.rejected = static_cast<int>(rows.bad_rows.size());
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const io::RowError& a, const io::RowError& b) { return a.row < b.row; });

  const int valid = static_cast<int>(rows.valid());
  store::ImportRun run{std::string(io::table_name(req.table)), source, req.user, req.now, valid, report.rejected};
  if (req.strict && report.rejected > 0) {
    run.imported = 0;
    if (auto s = store.record_import(run); !s) return s.error();
    return report;
  }
  auto written = write_rows(store, req.table, rows, run);
  if (!written) return written.error();
  report.written = *written;
  report.imported = valid;
  return report;
}

Status write_rejects(const std::string& path, const std::vector<io::RowError>& errors) {
  auto w = io::create_table(path);
  if (!w) return w.error();
  std::vector<std::string> cells{"行号", "列", "原因"};
  if (auto s = (*w)->write_row(cells); !s) return s;
  for (const auto& e : errors) {
    cells = {std::to_string(e.row), e.column, e.reason};
    if (auto s = (*w)->write_row(cells); !s) return s;
  }
  return (*w)->close();
}

}  // namespace fangpin::app
