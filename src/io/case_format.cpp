#include "io/case_format.h"

#include <array>
#include <cmath>
#include <cstdlib>

namespace fangpin::io {

namespace {

using workflow::Channel;
using workflow::MeasureCategory;

constexpr std::array<ColumnSpec, 13> kCaseColumns{{
    {"户编号", "household_id", true},
    {"监测对象类型", "type", true},
    {"风险类型", "reasons", true},
    {"发现方式", "channel", false},
    {"识别日期", "clue_date", false},
    {"审定日期", "approved_on", true},
    {"帮扶责任人", "caseworker", false},
    {"帮扶计划日期", "plan_on", false},
    {"状态", "status", true},
    {"消除日期", "eliminated_on", false},
    {"回退日期", "rolled_back_on", false},
    {"清退日期", "removed_on", false},
    // FORMATS.md writes these two in one row "清退日期 / 清退原因": two columns.
    {"清退原因", "removed_reason", false},
}};
enum CaseCol { kCHousehold, kCType, kCReasons, kCChannel, kCClue, kCApproved, kCWorker, kCPlan, kCStatus,
               kCEliminated, kCRolledBack, kCRemoved, kCRemovedReason };

constexpr std::array<ColumnSpec, 6> kMeasureColumns{{
    {"户编号", "household_id", true},
    {"措施类别", "category", true},
    {"开始日期", "start", true},
    {"金额", "amount", false},
    {"责任单位", "unit", true},
    {"说明", "note", false},
}};
enum MeasureCol { kMHousehold, kMCategory, kMStart, kMAmount, kMUnit, kMNote };

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string quoted(std::string_view v) { return "“" + std::string(v) + "”"; }

// Cell access for one row with error collection (as the registry tables' reader).
class Cells {
 public:
  Cells(const CaseHeaderMap& h, const TableRow& row, std::span<const ColumnSpec> cols, std::vector<RowError>& errors)
      : h_(h), row_(row), cols_(cols), errors_(errors) {}

  std::string_view cell(int col) const {
    const int i = h_.index[static_cast<std::size_t>(col)];
    if (i < 0 || static_cast<std::size_t>(i) >= row_.cells.size()) return {};
    return trim(row_.cells[static_cast<std::size_t>(i)]);
  }
  void fail(int col, std::string reason) {
    errors_.push_back(RowError{row_.row_number, std::string(cols_[static_cast<std::size_t>(col)].header), std::move(reason)});
    ok_ = false;
  }
  bool ok() const { return ok_; }
  std::string text(int col, bool required) {
    auto v = cell(col);
    if (v.empty() && required) fail(col, "必填项为空");
    return std::string(v);
  }
  std::optional<Date> date(int col, bool required) {
    auto v = cell(col);
    if (v.empty()) {
      if (required) fail(col, "必填项为空（日期 YYYY-MM-DD）");
      return std::nullopt;
    }
    if (auto d = Date::parse(v)) return d;
    // An xlsx date cell the reader did not convert (no date style): an Excel serial.
    std::string s(v);
    char* end = nullptr;
    const double serial = std::strtod(s.c_str(), &end);
    if (*end == '\0' && serial > 1 && serial < 2958466) return Date{1899, 12, 30}.plus_days(static_cast<int>(std::floor(serial)));
    fail(col, quoted(v) + "不是有效日期（应为 YYYY-MM-DD）");
    return std::nullopt;
  }
  // `later` must not be before `earlier` (both present); the error is on `later`'s column.
  void in_order(const std::optional<Date>& earlier, int earlier_col, const std::optional<Date>& later, int later_col) {
    if (!earlier || !later || !(*later < *earlier)) return;
    fail(later_col, std::string(cols_[static_cast<std::size_t>(later_col)].header) + " " + later->iso() + " 早于" +
                        std::string(cols_[static_cast<std::size_t>(earlier_col)].header) + " " + earlier->iso());
  }

 private:
  const CaseHeaderMap& h_;
  const TableRow& row_;
  std::span<const ColumnSpec> cols_;
  std::vector<RowError>& errors_;
  bool ok_ = true;
};

// "因病、因学" / "因病,因学" / "因病，因学" → the set; unknown items are named.
std::optional<EnumSet<RiskReason>> parse_reasons(std::string_view text, std::string& unknown) {
  std::string list(text);
  for (std::string_view sep : {"，", "、", "；", ";"})
    for (auto pos = list.find(sep); pos != std::string::npos; pos = list.find(sep)) list.replace(pos, sep.size(), ",");
  EnumSet<RiskReason> set;
  std::string_view rest = list;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    if (!item.empty()) {
      if (auto r = parse_risk_reason(item)) set.add(*r);
      else unknown += (unknown.empty() ? "" : "、") + std::string(item);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!unknown.empty()) return std::nullopt;
  return set;
}

std::optional<ExistingStatus> parse_status(std::string_view s) {
  if (s == "监测中" || s == "未消除") return ExistingStatus::Monitored;
  if (s == "已消除" || s == "风险已消除") return ExistingStatus::Eliminated;
  if (s == "已清退" || s == "清退") return ExistingStatus::Removed;
  return std::nullopt;
}

std::string date_cell(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

}  // namespace

std::optional<CaseTable> parse_case_table(std::string_view name) {
  if (name == "cases" || name == "存量监测对象") return CaseTable::Cases;
  if (name == "measures" || name == "帮扶措施") return CaseTable::Measures;
  return std::nullopt;
}

std::string_view table_name(CaseTable t) { return t == CaseTable::Cases ? "cases" : "measures"; }
std::string_view table_title(CaseTable t) { return t == CaseTable::Cases ? "存量监测对象" : "帮扶措施"; }

std::span<const ColumnSpec> columns_of(CaseTable t) {
  if (t == CaseTable::Cases) return kCaseColumns;
  return kMeasureColumns;
}

std::string_view label(ExistingStatus s) {
  switch (s) {
    case ExistingStatus::Monitored: return "监测中";
    case ExistingStatus::Eliminated: return "已消除";
    case ExistingStatus::Removed: return "已清退";
  }
  return "";
}

CaseHeaderMap map_header(CaseTable t, const std::vector<std::string>& header) {
  CaseHeaderMap m;
  m.table = t;
  auto cols = columns_of(t);
  m.index.assign(cols.size(), -1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string_view h = trim(header[i]);
    if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF") h = trim(h.substr(3));
    if (h.empty()) continue;
    bool known = false;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (h == cols[c].header || lower(h) == cols[c].key) {
        if (m.index[c] < 0) m.index[c] = static_cast<int>(i);
        known = true;
        break;
      }
    }
    if (!known) m.unknown_columns.emplace_back(h);
  }
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (cols[c].required && m.index[c] < 0) m.missing_required.emplace_back(cols[c].header);
  return m;
}

std::optional<ExistingCase> parse_existing_case_row(const CaseHeaderMap& h, const TableRow& row,
                                                    std::vector<RowError>& errors) {
  Cells r(h, row, kCaseColumns, errors);
  ExistingCase c;
  c.household_id = r.text(kCHousehold, true);
  if (auto v = r.cell(kCType); v.empty()) {
    r.fail(kCType, "必填项为空（脱贫不稳定户/边缘易致贫户/突发严重困难户）");
  } else if (auto t = parse_monitored_type(v)) {
    c.type = *t;
  } else {
    r.fail(kCType, quoted(v) + "不是有效的监测对象类型（脱贫不稳定户/边缘易致贫户/突发严重困难户）");
  }
  if (auto v = r.cell(kCReasons); v.empty()) {
    r.fail(kCReasons, "必填项为空（SPEC §4 风险类型，如 因病、因学，多个用“、”分隔）");
  } else {
    std::string unknown;
    if (auto set = parse_reasons(v, unknown)) {
      if (set->empty()) r.fail(kCReasons, "必填项为空（SPEC §4 风险类型）");
      c.reasons = *set;
    } else {
      r.fail(kCReasons, "未知的风险类型：" + unknown + "（见 SPEC §4，如 因病、因残、因学、因灾、缺劳力）");
    }
  }
  if (auto v = r.cell(kCChannel); !v.empty()) {
    if (auto ch = workflow::parse_channel(v)) c.channel = *ch;
    else r.fail(kCChannel, quoted(v) + "不是有效的发现方式（自主申报/干部排查/部门预警/舆情信访）");
  }
  auto clue = r.date(kCClue, false);
  auto approved = r.date(kCApproved, true);
  c.caseworker = r.text(kCWorker, false);
  c.plan_on = r.date(kCPlan, false);
  if (auto v = r.cell(kCStatus); v.empty()) {
    r.fail(kCStatus, "必填项为空（监测中/已消除/已清退）");
  } else if (auto s = parse_status(v)) {
    c.status = *s;
  } else {
    r.fail(kCStatus, quoted(v) + "不是有效状态（监测中/已消除/已清退）");
  }
  c.eliminated_on = r.date(kCEliminated, false);
  c.rolled_back_on = r.date(kCRolledBack, false);
  c.removed_on = r.date(kCRemoved, false);
  c.removed_reason = r.text(kCRemovedReason, false);
  if (!r.ok()) return std::nullopt;

  // What each state needs, then the dates in the order the procedure produces them:
  // 识别 ≤ 审定 ≤ 计划; 审定 ≤ 消除 ≤ 回退 (监测中 after a rollback) or 回退 ≤ 消除 (eliminated
  // again); 清退 last.
  if (c.status == ExistingStatus::Eliminated && !c.eliminated_on) r.fail(kCEliminated, "状态为“已消除”时消除日期必填");
  if (c.status == ExistingStatus::Monitored && c.eliminated_on && !c.rolled_back_on)
    r.fail(kCEliminated, "状态为“监测中”的户不应有消除日期（除非填写了回退日期）");
  if (c.status == ExistingStatus::Removed) {
    if (!c.removed_on) r.fail(kCRemoved, "状态为“已清退”时清退日期必填");
    if (c.removed_reason.empty()) r.fail(kCRemovedReason, "状态为“已清退”时清退原因必填");
  } else if (c.removed_on) {
    r.fail(kCRemoved, "状态不是“已清退”，不应有清退日期");
  }
  c.approved_on = approved.value_or(Date{});
  c.clue_date = clue.value_or(c.approved_on);
  r.in_order(clue, kCClue, approved, kCApproved);
  r.in_order(approved, kCApproved, c.plan_on, kCPlan);
  r.in_order(approved, kCApproved, c.eliminated_on, kCEliminated);
  r.in_order(approved, kCApproved, c.rolled_back_on, kCRolledBack);
  if (c.status == ExistingStatus::Eliminated) r.in_order(c.rolled_back_on, kCRolledBack, c.eliminated_on, kCEliminated);
  else r.in_order(c.eliminated_on, kCEliminated, c.rolled_back_on, kCRolledBack);
  r.in_order(approved, kCApproved, c.removed_on, kCRemoved);
  r.in_order(c.eliminated_on, kCEliminated, c.removed_on, kCRemoved);
  r.in_order(c.rolled_back_on, kCRolledBack, c.removed_on, kCRemoved);
  if (!r.ok()) return std::nullopt;
  return c;
}

std::optional<ExistingMeasure> parse_existing_measure_row(const CaseHeaderMap& h, const TableRow& row,
                                                          std::vector<RowError>& errors) {
  Cells r(h, row, kMeasureColumns, errors);
  ExistingMeasure m;
  m.household_id = r.text(kMHousehold, true);
  if (auto v = r.cell(kMCategory); v.empty()) {
    r.fail(kMCategory, "必填项为空（SPEC §8 措施类别）");
  } else if (auto cat = workflow::parse_measure_category(v)) {
    m.category = *cat;
  } else {
    r.fail(kMCategory, quoted(v) + "不是 SPEC §8 的措施类别（如 产业帮扶、就业帮扶、健康帮扶、综合保障）");
  }
  m.start = r.date(kMStart, true).value_or(Date{});
  if (auto v = r.cell(kMAmount); !v.empty()) {
    auto f = parse_yuan(v);
    if (!f) r.fail(kMAmount, quoted(v) + "不是有效金额（元，最多两位小数）");
    else if (*f < 0) r.fail(kMAmount, "金额不能为负数：" + std::string(v));
    else m.amount = *f;
  }
  m.unit = r.text(kMUnit, true);
  m.note = r.text(kMNote, false);
  if (!r.ok()) return std::nullopt;
  return m;
}

std::vector<std::string> header_row(CaseTable t) {
  std::vector<std::string> out;
  for (const auto& c : columns_of(t)) out.emplace_back(c.header);
  return out;
}

std::vector<std::string> to_row(const ExistingCase& c) {
  return {c.household_id,
          std::string(label(c.type)),
          workflow::reasons_text(c.reasons),
          std::string(workflow::label(c.channel)),
          c.clue_date.iso(),
          c.approved_on.iso(),
          c.caseworker,
          date_cell(c.plan_on),
          std::string(label(c.status)),
          date_cell(c.eliminated_on),
          date_cell(c.rolled_back_on),
          date_cell(c.removed_on),
          c.removed_reason};
}

std::vector<std::string> to_row(const ExistingMeasure& m) {
  std::string amount = format_yuan(m.amount);
  if (amount.size() > 3 && amount.ends_with(".00")) amount.resize(amount.size() - 3);
  return {m.household_id, std::string(workflow::label(m.category)), m.start.iso(), m.amount ? amount : std::string(),
          m.unit, m.note};
}

}  // namespace fangpin::io
