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

#include "app/screening_use_cases.h"
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
  Date received;
  if (a.received.empty()) {
    received = Date::from_days(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  } else if (auto d = Date::parse(a.received)) {
    received = *d;
  } else {
    std::cerr << "错误: --received 应为 YYYY-MM-DD: " << a.received << '\n';
    return kExitUsage;
  }
  auto checked = app::check_feed_request({a.dept, a.month, a.file, current_user(), now_utc(), received});
  if (!checked) return fail(checked.error());
  auto policy = io::load_policy_bundle(a.policy);
  if (!policy) return fail(policy.error());
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  auto work_calendar = io::load_calendar("");
  if (!work_calendar) return fail(work_calendar.error());
  auto screened = app::screen_feed(**db, policy->policy, policy->screening, *work_calendar, *checked,
                                   a.no_snapshot ? std::string() : g.db + ".screen-index");
  if (!screened) return fail(screened.error());
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  const screening::ScreenReport* rep = &screened->report;
  const screening::IndexLoad* idx = &screened->index;
  for (const auto& n : screened->notes) std::cerr << "注意: " << n << '\n';

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
  const screening::ScreenRequest& req = screened->request;
  const std::string dl(screening::label(req.department));
  if (a.format == "jsonl") {
    // Formatted in parallel blocks, written in order: a province's month has millions.
    constexpr std::size_t kBlock = 1u << 15;
    const std::size_t n = rep->warnings.size();
    for (std::size_t b = 0; b < n; b += kBlock * 8) {
      const std::size_t e = std::min(n, b + kBlock * 8);
      std::vector<std::string> bufs((e - b + kBlock - 1) / kBlock);
      tbb::parallel_for(std::size_t{0}, bufs.size(), [&](std::size_t k) {
        for (std::size_t i = b + k * kBlock; i < std::min(e, b + (k + 1) * kBlock); ++i)
          app::append_warning_jsonl(bufs[k], screening::warning_record(*rep, rep->warnings[i], idx->index, req));
      });
      for (const auto& buf : bufs) std::cout << buf;
    }
    std::cout << dump(Json{{"summary", app::screen_summary_json(*screened, total)}}) << '\n';
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
  auto f = app::warning_filter({a.region, a.grade, a.dept, a.open, a.run});
  if (!f) return fail(f.error());
  f->limit = a.limit;
  auto st = open_screening(g);
  if (!st) return fail(st.error());
  auto rows = (*st)->list_warnings(*f);
  if (!rows) return fail(rows.error());
  if (a.format == "jsonl") {
    std::string buf;
    for (const auto& w : *rows) {
      app::append_warning_jsonl(buf, w);
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
  // 纳入: the household enters the identification procedure as a 部门预警 clue registered by
  // the verifying cadre, as a village cadre would (--by; the CLI has no session role).
  const workflow::Actor actor{a.by, Role::Village, ""};
  auto r = app::verify_warning_into_case(**db, env ? &*env : nullptr, actor, {a.id, a.result, a.date, ""});
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
