// FORMATS.md registry tables (户 / 家庭成员 / 年度收支): header mapping, row parsing with
// row-level errors, and the reverse (domain object -> row) for exports and the demo.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/household.h"
#include "domain/region.h"
#include "io/table.h"

namespace fangpin::io {

enum class RegistryTable { Households, Members, Finances };
std::optional<RegistryTable> parse_registry_table(std::string_view name);  // households|members|finances
std::string_view table_name(RegistryTable t);                              // households ...
std::string_view table_title(RegistryTable t);                             // 户 / 家庭成员 / 年度收支

struct ColumnSpec {
  std::string_view header;  // Chinese header, e.g. 户编号
  std::string_view key;     // English key, e.g. household_id
  bool required;
  // An optional 信息采集表 column (FORMATS.md "Optional registry columns"): parsed only when
  // present; absent, the stored value is left as it is.
  bool profile = false;
};
std::span<const ColumnSpec> columns_of(RegistryTable t);

// One rejected cell/row: spreadsheet row number (header = 1), the column (Chinese header),
// and the rule broken.
struct RowError {
  std::size_t row = 0;
  std::string column;
  std::string reason;
  // The household a duplicate resident ID is already registered in, when `reason` names
  // one: an adapter that must not reveal it (outside the caller's scope) rewrites the row.
  std::string other_household = {};  // (initialised so {row, column, reason} stays warning-free)
};

struct HeaderMap {
  RegistryTable table = RegistryTable::Households;
  std::vector<int> index;                   // per ColumnSpec: cell index, or -1 if absent
  std::vector<std::string> unknown_columns; // ignored with a warning
  std::vector<std::string> missing_required;
  bool has_profile = false;                 // some 信息采集表 column is present
};
// Matches headers by Chinese name or English key (trimmed; key case-insensitive).
HeaderMap map_header(RegistryTable t, const std::vector<std::string>& header);

// Parse one row; on failure return nullopt and append one RowError per bad field.
// `regions` (if given) validates village codes against the NBS township list.
std::optional<Household> parse_household_row(const HeaderMap& h, const TableRow& row, const RegionDirectory* regions,
                                             std::vector<RowError>& errors);
std::optional<Member> parse_member_row(const HeaderMap& h, const TableRow& row, std::vector<RowError>& errors);
std::optional<Finance> parse_finance_row(const HeaderMap& h, const TableRow& row, std::vector<RowError>& errors);

// Exports: the Chinese header row and a row per object, in columns_of() order, of the
// base columns (the 信息采集表 columns are not written: an export never carries a bank
// account).
std::vector<std::string> header_row(RegistryTable t);
std::vector<std::string> to_row(const Household& h);
std::vector<std::string> to_row(const Member& m);
std::vector<std::string> to_row(const Finance& f);

}  // namespace fangpin::io
