// Department screening commands (部门筛查预警, SPEC §6; README: 部门筛查预警):
//   screen --dept D --month YYYY-MM FILE [--format text|jsonl]
//   warnings list [--region P] [--grade 红] [--open] [--dept D] [--format table|jsonl]
//   warnings verify ID --result 纳入|不纳入|已在监测 --by USER --date D
//   warnings runs
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <nlohmann/json.hpp>

#include "app/workflow/warning_case.h"
#include "cli/common.h"
#include "domain/region.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "io/table.h"
#include "screening/screening_service.h"
#include "store/screening_store.h"

namespace fangpin::cli {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

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

// One warning as a JSON object on one line (README: 部门筛查预警, jsonl fields).
void append_warning_json(std::string& out, const store::WarningRecord& w) {
  auto field = [&](std::string_view name, std::string_view v, bool first = false) {
    if (!first) out.push_back(',');
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

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void print_warning_line(const store::WarningRecord& w, bool merged) {
  const auto facts = screening::describe_facts(w.facts, w.signals);
  std::cout << fmt::format("#{} {} {} 户 {}（{}） 成员 {} 核实时限 {}{}\n    {}\n", w.id, w.grade, w.reason,
                           w.household_id, w.region_code, w.member_id.empty() ? "—" : mask_resident_id(w.member_id),
                           w.verify_by, merged ? " [已合并入待核实预警]" : "", facts.empty() ? "" : facts.front());
}

// The database, used through its screening store (`->`, `*`).
struct ScreeningDb {
  std::unique_ptr<store::Database> db;
  store::ScreeningStore* operator->() const { return &db->screening(); }
  store::ScreeningStore& operator*() const { return db->screening(); }
};

Result<ScreeningDb> open_screening(const Context& g) {
  auto s = open_store(g, false);  // checks the file and brings the schema up to date
  if (!s) return s.error();
  return ScreeningDb{std::move(*s)};
}

struct ScreenArgs {
  std::string dept;
  std::string month;
  std::string file;
  std::string format = "text";
  std::string policy;
  std::string received;
  std::string issues;
  bool no_snapshot = false;
};

int cmd_screen(const Context& g, const ScreenArgs& a) {
  const auto t0 = Clock::now();
  auto dept = screening::parse_department(a.dept);
  if (!dept) {
    std::cerr << "错误: 未知部门 " << a.dept << "（医保/残联/教育/住建/水务/应急/人社/民政/农业农村/公安/公职人员库/车辆登记/市场主体/不动产）\n";
    return kExitUsage;
  }
  if (!screening::parse_month(a.month)) {
    std::cerr << "错误: --month 应为 YYYY-MM: " << a.month << '\n';
    return kExitUsage;
  }
  Date received;
  if (a.received.empty()) {
    received = Date::from_days(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  } else if (auto d = Date::parse(a.received)) {
    received = *d;
  } else {
    std::cerr << "错误: --received 应为 YYYY-MM-DD: " << a.received << '\n';
    return kExitUsage;
  }
  auto policy = io::load_policy_bundle(a.policy);
  if (!policy) return fail(policy.error());
  auto st = open_screening(g);
  if (!st) return fail(st.error());
  auto idx = screening::load_or_build_index(**st, a.no_snapshot ? std::string() : g.db + ".screen-index");
  if (!idx) return fail(idx.error());
  auto work_calendar = io::load_calendar("");
  if (!work_calendar) return fail(work_calendar.error());
  screening::HolidayCalendar calendar(std::move(*work_calendar));
  if (!calendar.covers(received))
    std::cerr << "注意: 节假日日历未覆盖 " << received.year << " 年，派发时限按周一至周五计算\n";
  screening::ScreenRequest req{*dept, a.month, a.file, current_user(), now_utc(), received};
  auto rep = screening::run_screening(**st, idx->index, policy->policy, policy->screening, calendar, req);
  if (!rep) return fail(rep.error());
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();

  for (const auto& n : rep->notes) std::cerr << "警告: " << n << '\n';
  if (!idx->note.empty()) std::cerr << "注意: " << idx->note << '\n';
  if (!a.issues.empty()) {
    auto w = io::create_table(a.issues);
    if (!w) return fail(w.error());
    std::vector<std::string> cells{"行号", "类别", "列", "原因"};
    if (auto s = (*w)->write_row(cells); !s) return fail(s.error());
    for (const auto& i : screening::issues_in_row_order(rep->issues, rep->unmatched_rows)) {
      cells = {std::to_string(i.row), i.unmatched ? "未匹配" : "格式错误", i.column, screening::issue_reason(i)};
      if (auto s = (*w)->write_row(cells); !s) return fail(s.error());
    }
    if (auto s = (*w)->close(); !s) return fail(s.error());
  }
  const std::string dl(screening::label(*dept));
  if (a.format == "jsonl") {
    // Formatted in parallel blocks, written in order: a province's month has millions.
    constexpr std::size_t kBlock = 1u << 15;
    const std::size_t n = rep->warnings.size();
    for (std::size_t b = 0; b < n; b += kBlock * 8) {
      const std::size_t e = std::min(n, b + kBlock * 8);
      std::vector<std::string> bufs((e - b + kBlock - 1) / kBlock);
      tbb::parallel_for(std::size_t{0}, bufs.size(), [&](std::size_t k) {
        for (std::size_t i = b + k * kBlock; i < std::min(e, b + (k + 1) * kBlock); ++i)
          append_warning_json(bufs[k], screening::warning_record(*rep, rep->warnings[i], idx->index, req));
      });
      for (const auto& buf : bufs) std::cout << buf;
    }
    Json s;
    s["department"] = dl;
    s["month"] = a.month;
    s["run_id"] = rep->run_id;
    s["rows"] = rep->rows;
    s["matched"] = rep->matched;
    s["unmatched"] = rep->unmatched;
    s["rejected"] = rep->rejected;
    s["warnings_new"] = rep->warnings_new;
    s["warnings_merged"] = rep->warnings_merged;
    s["grades"] = {{"红", rep->red}, {"橙", rep->orange}, {"黄", rep->yellow}};
    s["negative_facts_added"] = rep->facts_added;
    s["area_events_added"] = rep->events_added;
    s["zero_report"] = rep->zero_report;
    s["index"] = {{"source", idx->from_snapshot ? "snapshot" : "built"}, {"seconds", idx->seconds},
                  {"persons", idx->index.person_count()}, {"bytes", idx->index.bytes()}};
    s["seconds"] = {{"screen", rep->screen_seconds}, {"store", rep->store_seconds}, {"write", rep->write_seconds}, {"total", total}};
    std::cout << dump(Json{{"summary", std::move(s)}}) << '\n';
  } else {
    constexpr std::size_t kShow = 20;
    const auto shown = screening::issues_in_row_order(rep->issues, rep->unmatched_rows, kShow);
    for (const auto& x : shown) {
      std::cout << fmt::format("第 {} 行 [{}] {}{}\n", x.row, x.column, x.unmatched ? "未匹配：" : "",
                               screening::issue_reason(x));
    }
    const std::size_t all_issues = rep->issues.size() + rep->unmatched_rows.size();
    if (all_issues > kShow) std::cout << fmt::format("…共 {} 行问题（--issues FILE 导出全部）\n", all_issues);
    constexpr std::size_t kShowWarnings = 50;
    for (std::size_t i = 0; i < rep->warnings.size() && i < kShowWarnings; ++i)
      print_warning_line(screening::warning_record(*rep, rep->warnings[i], idx->index, req), rep->warnings[i].merged);
    if (rep->warnings.size() > kShowWarnings)
      std::cout << fmt::format("…共 {} 条预警（warnings list 或 --format jsonl 查看全部）\n", rep->warnings.size());
    if (rep->zero_report)
      std::cout << fmt::format("零报告：{} {} 无预警（批次 {}）\n", dl, a.month, rep->run_id);
    std::cout << fmt::format(
        "{} {}（{}，批次 {}）：行数 {}，匹配 {}，未匹配 {}，格式错误 {}；预警 新增 {}，合并 {}；红 {} 橙 {} 黄 {}；"
        "负面清单事实 +{}，区域事件 +{}\n",
        dl, a.month, rep->encoding, rep->run_id, rep->rows, rep->matched, rep->unmatched, rep->rejected, rep->warnings_new,
        rep->warnings_merged, rep->red, rep->orange, rep->yellow, rep->facts_added, rep->events_added);
    std::cout << fmt::format(
        "用时：索引{} {:.3f} s（{} 人，{:.1f} MiB），筛查 {:.3f} s，写入 {:.3f} s（其中数据库事务 {:.3f} s），合计 {:.3f} s\n",
        idx->from_snapshot ? "快照载入" : "构建", idx->seconds, idx->index.person_count(),
        static_cast<double>(idx->index.bytes()) / 1048576.0, rep->screen_seconds, rep->store_seconds,
        rep->write_seconds, total);
  }
  std::cout.flush();
  return rep->rejected > 0 ? kExitRejected : kExitOk;
}

struct ListArgs {
  std::string region;
  std::string grade;
  bool open = false;
  std::string dept;
  std::string format = "table";
  std::int64_t run = 0;
  std::size_t limit = 0;
};

int cmd_list(const Context& g, const ListArgs& a) {
  store::WarningFilter f;
  if (!a.region.empty() && !is_region_prefix(a.region)) {
    std::cerr << "错误: --region 应为区划代码前缀（1–12位数字）: " << a.region << '\n';
    return kExitUsage;
  }
  f.region_prefix = a.region;
  if (!a.grade.empty()) {
    auto gr = screening::parse_grade(a.grade);
    if (!gr) {
      std::cerr << "错误: --grade 应为 红/橙/黄: " << a.grade << '\n';
      return kExitUsage;
    }
    f.grade_rank = static_cast<int>(*gr);
  }
  if (!a.dept.empty()) {
    auto d = screening::parse_department(a.dept);
    if (!d) {
      std::cerr << "错误: 未知部门 " << a.dept << '\n';
      return kExitUsage;
    }
    f.department = screening::label(*d);
  }
  f.open_only = a.open;
  f.run_id = a.run;
  f.limit = a.limit;
  auto st = open_screening(g);
  if (!st) return fail(st.error());
  auto rows = (*st)->list_warnings(f);
  if (!rows) return fail(rows.error());
  if (a.format == "jsonl") {
    std::string buf;
    for (const auto& w : *rows) {
      append_warning_json(buf, w);
      if (buf.size() > (1u << 20)) {
        std::cout << buf;
        buf.clear();
      }
    }
    std::cout << buf;
  } else {
    for (const auto& w : *rows) {
      print_warning_line(w, false);
      if (w.status != "open")
        std::cout << fmt::format("    核实结论：{}（{}，{}）\n", w.verify_result, w.verified_by, w.verified_on);
    }
    std::cout << fmt::format("共 {} 条预警\n", rows->size());
  }
  return kExitOk;
}

struct VerifyArgs {
  std::int64_t id = 0;
  std::string result;
  std::string by;
  std::string date;
  std::string policy;
  bool no_case = false;
};

int cmd_verify(const Context& g, const VerifyArgs& a) {
  // 纳入 opens a case in the same transaction: its policy and calendar are loaded first, so
  // a bad --policy is refused before anything is tried.
  std::optional<Policy> policy;
  std::optional<workflow::WorkflowParams> params;
  std::optional<workflow::WorkCalendar> calendar;
  if (a.result == "纳入" && !a.no_case) {
    auto b = io::load_policy_bundle(a.policy);
    if (!b) return fail(b.error());
    policy = std::move(b->policy);
    params = std::move(b->workflow);
    auto c = io::load_calendar("");
    if (!c) return fail(c.error());
    calendar = std::move(*c);
  }
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  std::optional<app::WorkflowEnv> env;
  if (policy) env.emplace(app::WorkflowEnv{(*db)->registry(), (*db)->cases(), *policy, *params, *calendar, now_utc()});
  // 纳入: the household enters the identification procedure as a 部门预警 clue, dated when
  // the village had the warning (so 入户核查 falls due with the warning's own deadline).
  auto note_of = [](const store::WarningRecord& w) {
    const auto facts = screening::describe_facts(w.facts, w.signals);
    return fmt::format("部门预警 #{}（{} {} {}）{}", w.id, w.department, w.reason, w.grade,
                       facts.empty() ? "" : "：" + facts.front());
  };
  auto r = app::verify_warning_into_case(
      **db, env ? &*env : nullptr,
      [&](store::ScreeningStore& st) { return screening::verify_warning(st, a.id, a.result, a.by, a.date); }, note_of,
      a.by);
  if (!r) return fail(r.error());
  const store::WarningRecord& w = r->warning;
  std::cout << fmt::format("预警 #{} 已核实：{}（{}，{}）\n", w.id, w.verify_result, w.verified_by, w.verified_on);
  if (!r->opened) return kExitOk;
  if (r->opened->existing)
    std::cout << fmt::format("该户已有进行中的案件 #{}，未重复登记（户 {}）\n", r->opened->id, w.household_id);
  else
    std::cout << fmt::format("已登记识别案件 #{}（部门预警，户 {}）\n", r->opened->id, w.household_id);
  return kExitOk;
}

int cmd_runs(const Context& g) {
  auto st = open_screening(g);
  if (!st) return fail(st.error());
  auto runs = (*st)->screening_runs();
  if (!runs) return fail(runs.error());
  for (const auto& r : *runs)
    std::cout << fmt::format("#{} {} {} {} 行 {} 匹配 {} 未匹配 {} 格式错误 {} 新增 {} 合并 {}{}（{} {}）\n", r.id, r.month,
                             r.department, r.source_file, r.rows, r.matched, r.unmatched, r.rejected, r.warnings_new,
                             r.warnings_merged, r.zero_report ? " 零报告" : "", r.user, r.at);
  return kExitOk;
}

}  // namespace

void register_screening_commands(CLI::App& app, Context& ctx, Commands& out) {
  {
    auto a = std::make_shared<ScreenArgs>();
    auto* c = app.add_subcommand("screen", "部门筛查预警：导入部门数据并生成分级预警");
    c->add_option("--dept", a->dept, "部门（医保/残联/教育/住建/水务/应急/人社/民政/农业农村/公安/公职人员库/车辆登记/市场主体/不动产）")
        ->required();
    c->add_option("--month", a->month, "数据月份 YYYY-MM")->required();
    c->add_option("file", a->file, "部门数据文件（.csv/.xlsx）")->required();
    c->add_option("--format", a->format, "text|jsonl")->check(CLI::IsMember({"text", "jsonl"}));
    c->add_option("--policy", a->policy, "政策文件（默认内置）");
    c->add_option("--received", a->received, "接收日期 YYYY-MM-DD（时限起算，默认今天）");
    c->add_option("--issues", a->issues, "把全部问题行导出到 .csv/.xlsx");
    c->add_flag("--no-index-snapshot", a->no_snapshot, "不使用/不写入索引快照");
    out.push_back({c, [&ctx, a] { return cmd_screen(ctx, *a); }});
  }
  auto* w = app.add_subcommand("warnings", "预警：列表、核实、筛查批次");
  w->require_subcommand(1);
  {
    auto a = std::make_shared<ListArgs>();
    auto* c = w->add_subcommand("list", "列出预警");
    c->add_option("--region", a->region, "区划代码前缀");
    c->add_option("--grade", a->grade, "红/橙/黄");
    c->add_flag("--open", a->open, "仅待核实");
    c->add_option("--dept", a->dept, "部门");
    c->add_option("--format", a->format, "table|jsonl")->check(CLI::IsMember({"table", "jsonl"}));
    c->add_option("--run", a->run, "筛查批次：该批次新增或最后合并的预警");
    c->add_option("--limit", a->limit, "最多条数");
    out.push_back({c, [&ctx, a] { return cmd_list(ctx, *a); }});
  }
  {
    auto a = std::make_shared<VerifyArgs>();
    auto* c = w->add_subcommand("verify", "记录核实结论");
    c->add_option("id", a->id, "预警编号")->required();
    c->add_option("--result", a->result, "纳入/不纳入/已在监测")->required();
    c->add_option("--by", a->by, "核实人")->required();
    c->add_option("--date", a->date, "核实日期 YYYY-MM-DD")->required();
    c->add_option("--policy", a->policy, "政策文件（默认内置；登记案件用）");
    c->add_flag("--no-case", a->no_case, "纳入时不自动登记识别案件");
    out.push_back({c, [&ctx, a] { return cmd_verify(ctx, *a); }});
  }
  {
    auto* c = w->add_subcommand("runs", "筛查批次（含零报告）");
    out.push_back({c, [&ctx] { return cmd_runs(ctx); }});
  }
}

}  // namespace fangpin::cli
