#include "app/import_service.h"

#include <algorithm>
#include <unordered_map>

#include "io/policy_loader.h"

namespace fangpin::app {

namespace {

template <class T>
struct Parsed {
  std::size_t row;
  T value;
};

void reject(ImportReport& report, std::size_t row, std::string column, std::string reason,
            std::string other_household = {}) {
  report.errors.push_back(io::RowError{row, std::move(column), std::move(reason), std::move(other_household)});
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
  std::vector<Parsed<Household>> households;
  std::vector<Parsed<Member>> members;
  std::vector<Parsed<Finance>> finances;
  std::size_t data_rows = 0;
  std::vector<std::size_t> bad_rows;  // rows that failed parsing (sorted, unique)

  io::TableRow row;
  while (true) {
    auto more = reader.next(row);
    if (!more) return more.error();
    if (!*more) break;
    ++data_rows;
    if (!header.missing_required.empty()) continue;  // counted, all rejected below
    std::size_t before = report.errors.size();
    switch (req.table) {
      case io::RegistryTable::Households:
        if (auto h = io::parse_household_row(header, row, regions, report.errors)) households.push_back({row.row_number, std::move(*h)});
        break;
      case io::RegistryTable::Members:
        if (auto m = io::parse_member_row(header, row, report.errors)) members.push_back({row.row_number, std::move(*m)});
        break;
      case io::RegistryTable::Finances:
        if (auto f = io::parse_finance_row(header, row, report.errors)) finances.push_back({row.row_number, std::move(*f)});
        break;
    }
    if (report.errors.size() != before) bad_rows.push_back(row.row_number);
  }

  if (!header.missing_required.empty()) {
    for (const auto& col : header.missing_required) reject(report, 1, col, "缺少必填列");
    report.rejected = static_cast<int>(data_rows);
    store::ImportRun run{std::string(io::table_name(req.table)), source, req.user, req.now, 0, report.rejected};
    if (auto s = store.record_import(run); !s) return s.error();
    return report;
  }

  // Cross-row and stored-data rules. Each failing row is removed from the batch.
  auto drop = [&](auto& rows, auto&& failing) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](auto& p) {
                 if (!failing(p)) return false;
                 bad_rows.push_back(p.row);
                 return true;
               }),
               rows.end());
  };

  if (req.table == io::RegistryTable::Households) {
    std::unordered_map<std::string, std::size_t> first_row;
    drop(households, [&](const Parsed<Household>& p) {
      auto [it, fresh] = first_row.emplace(p.value.household_id, p.row);
      if (fresh) return false;
      reject(report, p.row, "户编号", "户编号重复（与第 " + std::to_string(it->second) + " 行相同）");
      return true;
    });
  } else {
    // members and finances must belong to a stored household.
    std::vector<std::string> ids;
    if (req.table == io::RegistryTable::Members)
      for (const auto& p : members) ids.push_back(p.value.household_id);
    else
      for (const auto& p : finances) ids.push_back(p.value.household_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto known = store.existing_households(ids);
    if (!known) return known.error();
    auto unknown_household = [&](const std::string& id, std::size_t r) {
      if (known->count(id)) return false;
      reject(report, r, "户编号", "户编号 " + id + " 不存在（请先导入户信息）");
      return true;
    };
    if (req.table == io::RegistryTable::Members) {
      drop(members, [&](const Parsed<Member>& p) { return unknown_household(p.value.household_id, p.row); });
      std::vector<std::string> id_numbers;
      for (const auto& p : members) id_numbers.push_back(p.value.id_number);
      auto stored = store.member_households(id_numbers);
      if (!stored) return stored.error();
      std::unordered_map<std::string, std::size_t> first_row;
      drop(members, [&](const Parsed<Member>& p) {
        auto [it, fresh] = first_row.emplace(p.value.id_number, p.row);
        if (!fresh) {
          reject(report, p.row, "证件号码", "证件号码重复（与第 " + std::to_string(it->second) + " 行相同）");
          return true;
        }
        auto s = stored->find(p.value.id_number);
        if (s != stored->end() && s->second != p.value.household_id) {
          reject(report, p.row, "证件号码", "证件号码已登记在户 " + s->second + "（证件号码唯一，一人只能属于一户）",
                 s->second);
          return true;
        }
        return false;
      });
    } else {
      drop(finances, [&](const Parsed<Finance>& p) { return unknown_household(p.value.household_id, p.row); });
    }
  }

  std::sort(bad_rows.begin(), bad_rows.end());
  bad_rows.erase(std::unique(bad_rows.begin(), bad_rows.end()), bad_rows.end());
  report.rejected = static_cast<int>(bad_rows.size());
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const io::RowError& a, const io::RowError& b) { return a.row < b.row; });

  const int valid = static_cast<int>(households.size() + members.size() + finances.size());
  store::ImportRun run{std::string(io::table_name(req.table)), source, req.user, req.now, valid, report.rejected};
  if (req.strict && report.rejected > 0) {
    run.imported = 0;
    if (auto s = store.record_import(run); !s) return s.error();
    return report;
  }
  auto strip = [](auto& parsed) {
    std::vector<std::decay_t<decltype(parsed.front().value)>> out;
    out.reserve(parsed.size());
    for (auto& p : parsed) out.push_back(std::move(p.value));
    return out;
  };
  Result<store::WriteSummary> written = store::WriteSummary{};
  switch (req.table) {
    case io::RegistryTable::Households: written = store.write_households(strip(households), run); break;
    case io::RegistryTable::Members: written = store.write_members(strip(members), run); break;
    case io::RegistryTable::Finances: written = store.write_finances(strip(finances), run); break;
  }
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
