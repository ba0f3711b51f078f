#include "app/registry_upload.h"

#include <string_view>

namespace fangpin::app {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

bool visible(const LoadedRegistry& registry, const std::string& household_id, const RegionPrefix& scope) {
  const std::string* region = registry.region_of(household_id);
  return region && scope.contains(*region);
}

}  // namespace

Result<std::vector<io::RowError>> out_of_scope_rows(io::RegistryTable table, const std::string& path,
                                                    const RegionPrefix& scope, const LoadedRegistry& registry) {
  auto opened = io::open_table(path);
  if (!opened) return opened.error();
  io::HeaderMap header = io::map_header(table, (*opened)->header());
  int id_col = -1, region_col = -1;
  const auto cols = io::columns_of(table);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].key == "household_id") id_col = header.index[i];
    if (cols[i].key == "region_code") region_col = header.index[i];
  }
  std::vector<io::RowError> out;
  io::TableRow row;
  auto cell = [&](int col) {
    return col >= 0 && static_cast<std::size_t>(col) < row.cells.size() ? trim(row.cells[col]) : std::string();
  };
  while (true) {
    auto more = (*opened)->next(row);
    if (!more) return more.error();
    if (!*more) break;
    const std::string id = cell(id_col);
    const bool known = registry.region_of(id) != nullptr;
    const bool known_in_scope = known && visible(registry, id, scope);
    if (table == io::RegistryTable::Households) {
      const std::string region = cell(region_col);
      if (!region.empty() && !scope.contains(region)) {
        out.push_back({row.row_number, "区划代码", "不在账号管辖范围内"});
        continue;
      }
      if (known && !known_in_scope) out.push_back({row.row_number, "户编号", "户编号不存在或不在账号管辖范围内"});
    } else if (!id.empty() && !known_in_scope) {
      out.push_back({row.row_number, "户编号", "户编号不存在或不在账号管辖范围内"});
    }
  }
  return out;
}

Result<UploadScope> check_upload_scope(store::Store& store, RegistryView& view, const ImportRequest& request,
                                       const RegionPrefix& scope) {
  UploadScope out;
  if (scope.everywhere()) return out;
  view.invalidate();  // check against the current registry
  auto loaded = view.registry(store);
  if (!loaded) return loaded.error();
  out.checked_against = *loaded;
  auto rows = out_of_scope_rows(request.table, request.path, scope, **loaded);
  if (!rows) return rows.error();
  if (rows->empty()) return out;
  const int rejected = static_cast<int>(rows->size());
  const std::string& source = request.source_name.empty() ? request.path : request.source_name;
  // The refused attempt is part of the import history (SPEC §14); its failure to record
  // does not change the answer.
  (void)store.record_import(
      store::ImportRun{std::string(io::table_name(request.table)), source, request.user, request.now, 0, rejected});
  ImportReport report;
  report.rejected = rejected;
  report.errors = std::move(*rows);
  out.refused = std::move(report);
  return out;
}

void redact_other_households(std::vector<io::RowError>& errors, const RegionPrefix& scope,
                             const LoadedRegistry& registry) {
  for (auto& e : errors) {
    if (e.other_household.empty() || visible(registry, e.other_household, scope)) continue;
    // Only the household is withheld; the rule that rejected the row is still said.
    e.reason = "证件号码已登记在管辖范围外的户（证件号码唯一，一人只能属于一户）";
    e.other_household.clear();
  }
}

Result<ImportReport> import_upload(store::Store& store, const Policy& policy, RegistryView& view,
                                   const ImportRequest& request, const RegionPrefix& scope, const UploadScope& checked) {
  auto report = import_registry_file(store, policy, request);
  view.invalidate();
  if (!report) return report.error();
  if (checked.checked_against) redact_other_households(report->errors, scope, *checked.checked_against);
  return report;
}

}  // namespace fangpin::app
