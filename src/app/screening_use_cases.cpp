#include "app/screening_use_cases.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "domain/region.h"
#include "domain/resident_id.h"
#include "screening/facts.h"
#include "screening/params.h"

namespace fangpin::app {

std::optional<screening::Department> feed_department(std::string_view text) {
  if (auto d = screening::parse_department(text)) return d;
  constexpr std::string_view kBureau = "局";
  if (text.size() > kBureau.size() && text.ends_with(kBureau))
    return screening::parse_department(text.substr(0, text.size() - kBureau.size()));
  return std::nullopt;
}

std::string account_department_label(std::string_view account_department) {
  if (auto d = feed_department(account_department)) return std::string(screening::label(*d));
  return std::string(account_department);
}

Result<screening::ScreenRequest> check_feed_request(const FeedRequest& r) {
  auto dept = feed_department(r.department);
  if (!dept)
    return invalid(fmt::format("未知部门 {}（医保/残联/教育/住建/水务/应急/人社/民政/农业农村/公安/公职人员库/车辆登记/市场主体/不动产）",
                               r.department),
                   "department");
  if (!screening::parse_month(r.month)) return invalid(fmt::format("月份应为 YYYY-MM: {}", r.month), "month");
  return screening::ScreenRequest{*dept, r.month, r.path, r.user, r.at, r.received};
}

Result<FeedScreened> screen_feed(store::Database& db, const Policy& policy, const screening::ScreeningParams& params,
                                 const workflow::WorkCalendar& calendar, const screening::ScreenRequest& request,
                                 const std::string& snapshot_path) {
  static std::mutex one_run_at_a_time;
  std::lock_guard lock(one_run_at_a_time);
  FeedScreened out;
  out.request = request;
  auto idx = screening::load_or_build_index(db.screening(), snapshot_path);
  if (!idx) return idx.error();
  out.index = std::move(*idx);
  screening::HolidayCalendar deadlines(calendar);
  if (!deadlines.covers(request.received_on))
    out.notes.push_back(fmt::format("节假日日历未覆盖 {} 年，派发时限按周一至周五计算", request.received_on.year));
  auto rep = screening::run_screening(db.screening(), out.index.index, policy, params, deadlines, request);
  if (!rep) return rep.error();
  out.report = std::move(*rep);
  return out;
}

Json screen_summary_json(const FeedScreened& f, double total_seconds) {
  const screening::ScreenReport& rep = f.report;
  const screening::IndexLoad& idx = f.index;
  Json s;
  s["department"] = std::string(screening::label(f.request.department));
  s["month"] = f.request.month;
  s["run_id"] = rep.run_id;
  s["rows"] = rep.rows;
  s["matched"] = rep.matched;
  s["unmatched"] = rep.unmatched;
  s["rejected"] = rep.rejected;
  s["warnings_new"] = rep.warnings_new;
  s["warnings_merged"] = rep.warnings_merged;
  s["grades"] = {{"红", rep.red}, {"橙", rep.orange}, {"黄", rep.yellow}};
  s["negative_facts_added"] = rep.facts_added;
  s["area_events_added"] = rep.events_added;
  s["zero_report"] = rep.zero_report;
  s["index"] = {{"source", idx.from_snapshot ? "snapshot" : "built"}, {"seconds", idx.seconds},
                {"persons", idx.index.person_count()}, {"bytes", idx.index.bytes()}};
  s["seconds"] = {{"screen", rep.screen_seconds}, {"store", rep.store_seconds}, {"write", rep.write_seconds},
                  {"total", total_seconds}};
  return s;
}

Json row_issue_json(std::int64_t row, std::string_view kind, std::string_view column, std::string_view reason) {
  return Json{{"row", row}, {"kind", kind}, {"column", column}, {"reason", reason}};
}

Json screen_issues_json(const screening::ScreenReport& r, std::size_t limit) {
  Json out = Json::array();
  for (const auto& i : screening::issues_in_row_order(r.issues, r.unmatched_rows, limit))
    out.push_back(row_issue_json(static_cast<std::int64_t>(i.row), i.unmatched ? "未匹配" : "格式错误", i.column,
                                 screening::issue_reason(i)));
  return out;
}

namespace {

void append_json_string(std::string& out, std::string_view v) {
  out.push_back('"');
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

}  // namespace

void append_warning_jsonl(std::string& out, const store::WarningRecord& w) {
  auto field = [&](std::string_view name, std::string_view v) {
    out.push_back(',');
    append_json_string(out, name);
    out.push_back(':');
    append_json_string(out, v);
  };
  out += fmt::format("{{\"warning_id\":{}", w.id);
  field("household_id", w.household_id);
  field("region_code", w.region_code);
  field("member", w.member_id.empty() ? "" : mask_resident_id(w.member_id));
  field("department", w.department);
  field("reason", w.reason);
  field("grade", w.grade);
  out += ",\"facts\":[";
  bool first = true;
  for (const auto& f : screening::describe_facts(w.facts, w.signals)) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, f);
  }
  out += fmt::format("],\"signals\":{}", w.signals);
  field("month", w.month);
  field("received_on", w.received_on);
  field("dispatch_by", w.dispatch_by);
  field("verify_by", w.verify_by);
  field("status", w.status == "open" ? "待核实" : "已核实");
  if (w.status != "open") {
    field("verify_result", w.verify_result);
    field("verified_by", w.verified_by);
    field("verified_on", w.verified_on);
  }
  out += "}\n";
}

Json warning_json(const store::WarningRecord& w) {
  std::string line;
  append_warning_jsonl(line, w);
  auto j = Json::parse(line, nullptr, false);
  if (!j.is_discarded()) return j;
  // A stored text that is not UTF-8: the same row with U+FFFD for the bad bytes.
  const auto clean = Json::parse(Json(line).dump(-1, ' ', false, Json::error_handler_t::replace)).get<std::string>();
  return Json::parse(clean, nullptr, false);
}

std::string warning_case_note(const store::WarningRecord& w) {
  const auto facts = screening::describe_facts(w.facts, w.signals);
  return fmt::format("部门预警 #{}（{} {} {}）{}", w.id, w.department, w.reason, w.grade,
                     facts.empty() ? "" : "：" + facts.front());
}

Result<store::WarningFilter> warning_filter(const WarningQuery& q) {
  store::WarningFilter f;
  if (!q.region.empty() && !is_region_prefix(q.region))
    return invalid(fmt::format("区划代码前缀应为 1–12 位数字: {}", q.region), "region");
  f.region_prefix = q.region;
  if (!q.grade.empty()) {
    auto g = screening::parse_grade(q.grade);
    if (!g) return invalid(fmt::format("预警等级应为 红/橙/黄: {}", q.grade), "grade");
    f.grade_rank = static_cast<int>(*g);
  }
  if (!q.department.empty()) {
    auto d = feed_department(q.department);
    if (!d) return invalid(fmt::format("未知部门 {}", q.department), "department");
    f.department = screening::label(*d);
  }
  f.open_only = q.open_only;
  f.run_id = q.run;
  return f;
}

WarningPage page_of(std::vector<store::WarningRecord> all, std::size_t offset, std::size_t limit) {
  WarningPage p;
  p.total = all.size();
  const std::size_t begin = std::min(offset, all.size());
  const std::size_t end = begin + std::min(limit, all.size() - begin);
  p.items.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(begin)),
                 std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end)));
  return p;
}

Result<WarningPage> list_warnings(store::ScreeningStore& store, store::WarningFilter filter, std::size_t offset,
                                  std::size_t limit) {
  filter.limit = 0;
  auto rows = store.list_warnings(filter);
  if (!rows) return rows.error();
  return page_of(std::move(*rows), offset, limit);
}

Json run_json(const store::ScreeningRunRecord& r) {
  return Json{{"id", r.id},
              {"department", r.department},
              {"month", r.month},
              {"source_file", r.source_file},
              {"user", r.user},
              {"at", r.at},
              {"rows", r.rows},
              {"matched", r.matched},
              {"unmatched", r.unmatched},
              {"rejected", r.rejected},
              {"warnings_new", r.warnings_new},
              {"warnings_merged", r.warnings_merged},
              {"grades", {{"红", r.red}, {"橙", r.orange}, {"黄", r.yellow}}},
              {"negative_facts_added", r.facts_added},
              {"area_events_added", r.area_events},
              {"zero_report", r.zero_report},
              {"received_on", r.received_on},
              {"dispatch_by", r.dispatch_by},
              {"verify_by", r.verify_by}};
}

Result<std::vector<store::ScreeningRunRecord>> screening_runs(store::ScreeningStore& store,
                                                              const std::optional<std::string>& department_label) {
  auto runs = store.screening_runs();
  if (!runs) return runs.error();
  if (department_label)
    std::erase_if(*runs, [&](const store::ScreeningRunRecord& r) { return r.department != *department_label; });
  return runs;
}

Result<store::ScreeningRunRecord> find_screening_run(store::ScreeningStore& store, std::int64_t id,
                                                     const std::optional<std::string>& department_label) {
  auto runs = screening_runs(store, department_label);
  if (!runs) return runs.error();
  for (auto& r : *runs)
    if (r.id == id) return std::move(r);
  return not_found("筛查批次不存在或无权查看", "run_id");
}

}  // namespace fangpin::app
