// FORMATS.md "存量监测对象" (existing cases) and "帮扶措施" (existing measures): the two
// files a county brings from the national system or its own sheets. Header mapping, row
// parsing with row-level errors (row, column, rule) and the reverse (row -> cells) for the
// demo generator. Rules that need the store (household known, no live case, measure on a
// case) are the importer's (app/case_import.h).
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/assessment.h"
#include "domain/date.h"
#include "domain/household.h"
#include "domain/money.h"
#include "domain/workflow/case.h"
#include "io/registry_format.h"
#include "io/table.h"

namespace fangpin::io {

enum class CaseTable { Cases, Measures };
std::optional<CaseTable> parse_case_table(std::string_view name);  // cases|measures (存量监测对象|帮扶措施)
std::string_view table_name(CaseTable t);                          // cases / measures
std::string_view table_title(CaseTable t);                         // 存量监测对象 / 帮扶措施
std::span<const ColumnSpec> columns_of(CaseTable t);

// The state a migrated case is in (FORMATS.md 状态).
enum class ExistingStatus { Monitored, Eliminated, Removed };  // 监测中 / 已消除 / 已清退
std::string_view label(ExistingStatus s);

// One row of 存量监测对象, parsed and checked on its own (dates in order, labels known).
struct ExistingCase {
  std::string household_id;
  MonitoredType type = MonitoredType::Marginal;
  EnumSet<RiskReason> reasons;
  workflow::Channel channel = workflow::Channel::CadreCheck;
  Date clue_date;  // 识别日期, defaults to approved_on
  Date approved_on;
  std::string caseworker;
  std::optional<Date> plan_on;
  ExistingStatus status = ExistingStatus::Monitored;
  std::optional<Date> eliminated_on;
  std::optional<Date> rolled_back_on;
  std::optional<Date> removed_on;
  std::string removed_reason;
};

struct ExistingMeasure {
  std::string household_id;
  workflow::MeasureCategory category = workflow::MeasureCategory::Industry;
  Date start;
  Fen amount = 0;
  std::string unit;
  std::string note;
};

struct CaseHeaderMap {
  CaseTable table = CaseTable::Cases;
  std::vector<int> index;  // per ColumnSpec: cell index, or -1 if absent
  std::vector<std::string> unknown_columns;
  std::vector<std::string> missing_required;
};
// Matches headers by Chinese name or English key, as the registry tables do.
CaseHeaderMap map_header(CaseTable t, const std::vector<std::string>& header);

// Parse one row; on failure nullopt and one RowError per bad field (a date out of order is
// reported on the later date's column).
std::optional<ExistingCase> parse_existing_case_row(const CaseHeaderMap& h, const TableRow& row,
                                                    std::vector<RowError>& errors);
std::optional<ExistingMeasure> parse_existing_measure_row(const CaseHeaderMap& h, const TableRow& row,
                                                          std::vector<RowError>& errors);

// Writing: the Chinese header and a row per object, in columns_of() order.
std::vector<std::string> header_row(CaseTable t);
std::vector<std::string> to_row(const ExistingCase& c);
std::vector<std::string> to_row(const ExistingMeasure& m);

}  // namespace fangpin::io
