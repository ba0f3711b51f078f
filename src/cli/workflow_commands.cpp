// Workflow commands (README: Case workflow): case open/step/assign/plan/measure/show/list, due,
// eliminate-check, backcheck, quality, audit verify, demo-cases. Every command takes its
// business date explicitly (--date / --as-of) so results are reproducible. The JSON forms
// are app/workflow/workflow_views.h; the text forms live here.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/assess_service.h"
#include "app/case_import.h"
#include "app/workflow/batch_steps.h"
#include "app/workflow/case_json.h"
#include "app/workflow/workflow_service.h"
#include "app/workflow/workflow_views.h"
#include "cli/common.h"
#include "demo/demo_cases.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "store/file_store.h"

namespace fangpin::cli {

namespace {

using app::Json;
using namespace workflow;

// Options shared by the workflow commands.
struct Common {
  std::string policy;    // --policy FILE
  std::string calendar;  // --calendar FILE
  std::string files;     // --files DIR (default: DB.files)
  std::string format = "text";
  std::string user;
  std::string role;
  std::string scope;
  std::string region;    // --region PREFIX for reports
};

// Everything a workflow command needs, opened once.
struct Session {
  std::unique_ptr<store::Database> db;
  store::Store* registry = nullptr;  // db's
  store::CaseStore* cases = nullptr;
  Policy policy;
  WorkflowParams params;
  WorkCalendar calendar;
  std::unique_ptr<app::WorkflowEnv> env;
  std::unique_ptr<store::FileStore> files;
};

Error usage(std::string message) { return invalid(std::move(message)); }

Result<std::unique_ptr<Session>> open_session(const Context& g, const Common& o) {
  auto s = std::make_unique<Session>();
  auto policy = io::load_policy_bundle(o.policy);
  if (!policy) return policy.error();
  s->policy = std::move(policy->policy);
  s->params = policy->workflow;
  auto cal = io::load_calendar(o.calendar);
  if (!cal) return cal.error();
  s->calendar = std::move(*cal);
  auto db = open_store(g, false);
  if (!db) return db.error();
  s->db = std::move(*db);
  s->registry = &s->db->registry();
  s->cases = &s->db->cases();
  s->env = std::make_unique<app::WorkflowEnv>(
      app::WorkflowEnv{*s->registry, *s->cases, s->policy, s->params, s->calendar, now_utc()});
  s->files = std::make_unique<store::FileStore>(o.files.empty() ? g.db + ".files" : o.files);
  return s;
}

Result<Date> date_arg(const std::string& text, const char* option) {
  auto d = Date::parse(text);
  if (!d) return usage(fmt::format("{} 应为 YYYY-MM-DD 日期：{}", option, text));
  return *d;
}

Result<Actor> actor_of(const Common& o) {
  auto role = parse_role(o.role);
  if (!role) return usage(fmt::format("--role 应为 村级/乡级/县级/帮扶责任人/督导/系统管理员：{}", o.role));
  return Actor{o.user.empty() ? current_user() : o.user, *role, o.scope};
}

// Stores each file in the archive and returns the SHA-256 names.
Result<std::vector<std::string>> archive(Session& s, const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    auto f = s.files->put_file(p);
    if (!f) return f.error();
    out.push_back(f->sha256);
  }
  return out;
}

void add_write_options(CLI::App* c, Common& o) {
  c->add_option("--user", o.user, "办理人（默认 $FANGPIN_USER 或 $USER）");
  c->add_option("--role", o.role, "角色：村级|乡级|县级|帮扶责任人|督导|系统管理员")->required();
  c->add_option("--scope", o.scope, "办理人辖区（区划代码前缀）");
}

void add_common_options(CLI::App* c, Common& o, bool report) {
  c->add_option("--policy", o.policy, "政策文件（默认内置）");
  c->add_option("--calendar", o.calendar, "工作日历 CSV（默认内置 2021–2026）");
  c->add_option("--files", o.files, "档案文件目录（默认 DB.files）");
  c->add_option("--format", o.format, "text|json|jsonl")->check(CLI::IsMember({"text", "json", "jsonl"}));
  if (report) c->add_option("--region", o.region, "区划代码前缀");
}

void print_case_line(const app::CaseRecord& r) {
  std::cout << fmt::format("案件 {}（户 {}，{}）：{}，版本 {}\n", r.c.id, r.c.household_id, r.c.region_code,
                           r.c.state_label(), r.version);
}

int emit_case(const app::CaseRecord& r, const std::string& format) {
  if (format == "json") std::cout << app::case_view(r).dump(2) << '\n';
  else if (format == "jsonl") std::cout << app::case_view(r).dump() << '\n';
  else print_case_line(r);
  return kExitOk;
}

// json: one array; jsonl: one object per line; text: `text_line` per row.
template <class Row, class ToJson, class ToText>
void emit_rows(const std::vector<Row>& rows, const std::string& format, ToJson to_json, ToText to_text) {
  if (format == "json") {
    Json a = Json::array();
    for (const Row& r : rows) a.push_back(to_json(r));
    std::cout << a.dump(2) << '\n';
  } else if (format == "jsonl") {
    for (const Row& r : rows) std::cout << to_json(r).dump() << '\n';
  } else {
    for (const Row& r : rows) std::cout << to_text(r) << '\n';
  }
}

std::optional<std::int64_t> case_id_of(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size() || v <= 0) return std::nullopt;
    return static_cast<std::int64_t>(v);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// ---- case ------------------------------------------------------------------------------

struct OpenArgs {
  std::string household, channel, date, note;
};

int cmd_open(const Context& g, Common& o, const OpenArgs& a) {
  auto ch = parse_channel(a.channel);
  if (!ch) return fail(usage("--channel 应为 自主申报/干部排查/部门预警/舆情信访：" + a.channel));
  auto d = date_arg(a.date, "--date");
  if (!d) return fail(d.error());
  auto actor = actor_of(o);
  if (!actor) return fail(actor.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto r = app::open_case(*(*s)->env, *actor, a.household, *ch, *d, a.note);
  if (!r) return fail(r.error());
  return emit_case(*r, o.format);
}

struct StepArgs {
  std::string id, step, date, note, type, reasons;
  std::vector<std::string> docs;
  bool rollback = false;
  std::int64_t expect_version = 0;
  std::string cases, from_file;  // a batch: --cases 12,15,19 / --from-file LIST
};

int cmd_batch_step(const Context& g, Common& o, const StepArgs& a);
Result<StepInput> step_input(const StepArgs& a, const std::string& step_name);

int cmd_step(const Context& g, Common& o, const StepArgs& a) {
  if (!a.cases.empty() || !a.from_file.empty()) return cmd_batch_step(g, o, a);
  if (a.step.empty()) return fail(usage("需要案件编号与步骤名称：case step CASE STEP（或 --cases 12,15 STEP）"));
  auto id = case_id_of(a.id);
  if (!id) return fail(usage("案件编号应为正整数：" + a.id));
  auto input = step_input(a, a.step);
  if (!input) return fail(input.error());
  StepInput& in = *input;
  auto actor = actor_of(o);
  if (!actor) return fail(actor.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto docs = archive(**s, a.docs);
  if (!docs) return fail(docs.error());
  in.documents = *docs;
  std::optional<std::int64_t> expect;
  if (a.expect_version > 0) expect = a.expect_version;
  auto r = app::take_step(*(*s)->env, *actor, *id, in, expect);
  if (!r) return fail(r.error());
  return emit_case(*r, o.format);
}

// The step, date, note, type, reasons and rollback of `case step` (documents are archived
// by the caller once the session is open).
Result<StepInput> step_input(const StepArgs& a, const std::string& step_name) {
  auto step = parse_step(step_name);
  if (!step) return usage("未知的步骤：" + step_name + "（见 README“Steps”步骤表）");
  auto d = date_arg(a.date, "--date");
  if (!d) return d.error();
  StepInput in;
  in.step = *step;
  in.on = *d;
  in.note = a.note;
  in.rollback = a.rollback;
  if (!a.type.empty()) {
    auto t = parse_monitored_type(a.type);
    if (!t) return usage("--type 应为 脱贫不稳定户/边缘易致贫户/突发严重困难户：" + a.type);
    in.type = *t;
  }
  if (!a.reasons.empty()) {
    // Separators ， and 、 are multi-byte: normalise them to ',' before splitting.
    std::string list = a.reasons;
    for (std::string_view sep : {"，", "、"})
      for (auto pos = list.find(sep); pos != std::string::npos; pos = list.find(sep)) list.replace(pos, sep.size(), ",");
    EnumSet<RiskReason> set;
    std::string_view rest = list;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      if (auto r = parse_risk_reason(item)) set.add(*r);
      else return usage(fmt::format("--reasons 中未知的风险原因：{}", item));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    in.reasons = set;
  }
  return in;
}

// Case ids from "12,15 19" (commas, spaces or newlines); `what` names the source in errors.
Result<std::vector<std::int64_t>> case_ids(const std::string& text, const std::string& what) {
  std::vector<std::int64_t> out;
  std::string token;
  int line = 1;
  auto flush = [&]() -> Status {
    if (token.empty()) return Ok{};
    auto id = case_id_of(token);
    if (!id) return usage(fmt::format("{} 第 {} 行：案件编号应为正整数：{}", what, line, token));
    out.push_back(*id);
    token.clear();
    return Ok{};
  };
  bool comment = false;
  for (char ch : text) {
    if (ch == '\n') {
      if (auto st = flush(); !st) return st.error();
      ++line;
      comment = false;
    } else if (comment) {
      continue;
    } else if (ch == '#') {
      if (auto st = flush(); !st) return st.error();
      comment = true;
    } else if (ch == ',' || ch == ' ' || ch == '\t' || ch == '\r' || ch == ';') {
      if (auto st = flush(); !st) return st.error();
    } else {
      token.push_back(ch);
    }
  }
  if (auto st = flush(); !st) return st.error();
  return out;
}

// `case step --cases 12,15,19 STEP …` / `--from-file LIST`: the same step for each case, one
// transaction per case (README "Batch steps").
int cmd_batch_step(const Context& g, Common& o, const StepArgs& a) {
  if (!a.cases.empty() && !a.from_file.empty()) return fail(usage("--cases 与 --from-file 只能用其一"));
  // With a list the only positional is the step (CLI11 fills CASE first).
  if (!a.step.empty()) return fail(usage("批量办理时不再给出单个案件编号：case step --cases 12,15 STEP"));
  if (a.id.empty()) return fail(usage("需要步骤名称：case step --cases 12,15 STEP"));
  if (a.expect_version > 0) return fail(usage("--expect-version 只用于单个案件"));
  std::vector<std::int64_t> ids;
  if (!a.cases.empty()) {
    auto list = case_ids(a.cases, "--cases");
    if (!list) return fail(list.error());
    ids = std::move(*list);
  } else {
    std::ifstream in(a.from_file, std::ios::binary);
    if (!in) return fail(not_found("无法读取案件名单文件：" + a.from_file, "from_file"));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto list = case_ids(text, a.from_file);
    if (!list) return fail(list.error());
    ids = std::move(*list);
  }
  auto input = step_input(a, a.id);
  if (!input) return fail(input.error());
  auto actor = actor_of(o);
  if (!actor) return fail(actor.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  // The shared document (minutes, notice photo, 批复) goes into the archive once.
  auto docs = archive(**s, a.docs);
  if (!docs) return fail(docs.error());
  input->documents = *docs;
  auto r = app::take_batch_step(*(*s)->env, *actor, std::move(ids), *input);
  if (!r) return fail(r.error());
  if (o.format != "text") {
    const Json j = app::batch_view(*r, *input);
    std::cout << (o.format == "json" ? j.dump(2) : j.dump()) << '\n';
  } else {
    for (const auto& x : r->outcomes) {
      if (x.done)
        std::cout << fmt::format("案件 {}：已办理“{}”（{}，版本 {}）\n", x.case_id, label(input->step),
                                 x.done->c.state_label(), x.done->version);
      else
        std::cout << fmt::format("案件 {}：未办理——{}\n", x.case_id, x.refused->message);
    }
    std::cout << fmt::format("合计：办理 {} 个，未办理 {} 个（每个案件单独提交，一个案件未办理不影响其他案件）\n",
                             r->done, r->refused);
  }
  return r->refused > 0 ? kExitRejected : kExitOk;
}

struct AssistArgs {
  std::string id, date, caseworker, text, category, start, amount = "0", unit, note;
  std::vector<std::string> docs;
};

int cmd_assist(const Context& g, Common& o, const AssistArgs& a, char what) {
  auto id = case_id_of(a.id);
  if (!id) return fail(usage("案件编号应为正整数：" + a.id));
  auto actor = actor_of(o);
  if (!actor) return fail(actor.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto& env = *(*s)->env;
  Result<app::CaseRecord> r = Error{};
  if (what == 'a') {
    auto d = date_arg(a.date, "--date");
    if (!d) return fail(d.error());
    r = app::assign_caseworker(env, *actor, *id, a.caseworker, *d);
  } else if (what == 'p') {
    auto d = date_arg(a.date, "--date");
    if (!d) return fail(d.error());
    auto docs = archive(**s, a.docs);
    if (!docs) return fail(docs.error());
    r = app::set_plan(env, *actor, *id, Plan{*d, a.text, *docs, std::nullopt});
  } else {
    auto cat = parse_measure_category(a.category);
    if (!cat) return fail(usage("--category 应为 SPEC §8 的措施类别（如 产业帮扶、健康帮扶、综合保障）：" + a.category));
    auto d = date_arg(a.start, "--start");
    if (!d) return fail(d.error());
    auto amount = parse_yuan(a.amount);
    if (!amount || *amount < 0) return fail(usage("--amount 应为非负金额（元，最多两位小数）：" + a.amount));
    auto docs = archive(**s, a.docs);
    if (!docs) return fail(docs.error());
    r = app::add_measure(env, *actor, *id, Measure{0, *cat, *d, *amount, a.unit, a.note, *docs});
  }
  if (!r) return fail(r.error());
  return emit_case(*r, o.format);
}

int cmd_show(const Context& g, Common& o, const std::string& id_text) {
  auto id = case_id_of(id_text);
  if (!id) return fail(usage("案件编号应为正整数：" + id_text));
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto r = app::load_case(*(*s)->env, *id);
  if (!r) return fail(r.error());
  auto events = (*s)->cases->audit_events(*id);
  if (!events) return fail(events.error());
  if (o.format != "text") {
    const Json j = app::case_show_view(*r, *events);
    std::cout << (o.format == "json" ? j.dump(2) : j.dump()) << '\n';
    return kExitOk;
  }
  const Case& c = r->c;
  print_case_line(*r);
  std::cout << fmt::format("线索：{} {}（{}）\n", label(c.channel), c.clue_date.iso(), c.clue_note);
  if (c.type) std::cout << fmt::format("类型：{}；风险原因：{}；县级审定 {}\n", label(*c.type), reasons_text(c.reasons),
                                       c.approved_on ? c.approved_on->iso() : "—");
  if (!c.closed_reason.empty()) std::cout << "关闭原因：" << c.closed_reason << '\n';
  if (!c.caseworker.empty()) std::cout << fmt::format("帮扶责任人：{}（{}）\n", c.caseworker, c.caseworker_on->iso());
  if (c.plan) std::cout << fmt::format("帮扶计划：{} {}\n", c.plan->on.iso(), c.plan->text);
  for (const Measure& m : c.measures)
    std::cout << fmt::format("措施 {}：{} 自 {}，{} 元，{}，佐证 {} 份\n", m.id, label(m.category), m.start.iso(),
                             format_yuan(m.amount), m.unit, m.evidence.size());
  std::cout << "办理记录：\n";
  for (const StepRecord& h : c.history)
    std::cout << fmt::format("  {} {} {}（{}）{}\n", h.on.iso(), label(h.step), h.actor, label(h.role), h.note);
  std::cout << "审计事件：\n";
  for (const auto& e : *events)
    std::cout << fmt::format("  #{} {} {} {}（{}） {}\n", e.seq, e.at, e.action, e.actor, e.role, e.hash.substr(0, 12));
  return kExitOk;
}

int cmd_list(const Context& g, Common& o) {
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto rows = (*s)->cases->list_cases(o.region);
  if (!rows) return fail(rows.error());
  std::vector<app::CaseRecord> cases;
  for (const auto& row : *rows) {
    auto r = app::load_case(*(*s)->env, row.id);
    if (!r) return fail(r.error());
    cases.push_back(std::move(*r));
  }
  emit_rows(cases, o.format, app::case_list_view, [](const app::CaseRecord& r) {
    return fmt::format("{}\t{}\t{}\t{}", r.c.id, r.c.household_id, r.c.region_code, r.c.state_label());
  });
  return kExitOk;
}

// ---- reports ---------------------------------------------------------------------------

int cmd_due(const Context& g, Common& o, const std::string& as_of, int within) {
  auto d = date_arg(as_of, "--as-of");
  if (!d) return fail(d.error());
  if (within < 0) return fail(usage("--within 不能为负"));
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto rows = app::due_list(*(*s)->env, *d, within, o.region);
  if (!rows) return fail(rows.error());
  emit_rows(*rows, o.format, app::due_view, [](const app::DueRow& r) {
    return fmt::format("{}\t案件 {}\t户 {}\t{}\t{} 截止 {}\t{}", r.overdue ? "超期" : "将到期", r.case_id,
                       r.household_id, r.state, r.item.what, r.item.due.iso(),
                       r.overdue ? fmt::format("已超 {} 天", -r.days_left) : fmt::format("剩 {} 天", r.days_left));
  });
  if (o.format == "text") {
    int overdue = 0;
    for (const auto& r : *rows) overdue += r.overdue ? 1 : 0;
    std::cout << fmt::format("合计：超期 {} 项，{} 天内到期 {} 项\n", overdue, within,
                             static_cast<int>(rows->size()) - overdue);
  }
  return kExitOk;
}

int cmd_eliminate_check(const Context& g, Common& o, const std::string& as_of) {
  auto d = date_arg(as_of, "--as-of");
  if (!d) return fail(d.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto rows = app::eliminate_check(*(*s)->env, *d, o.region);
  if (!rows) return fail(rows.error());
  emit_rows(*rows, o.format, app::eligibility_view, [](const app::EligibilityRow& r) {
    std::string failed;
    for (const auto& f : r.eligibility.failures()) failed += "\n    ✗ " + f;
    return fmt::format("案件 {}\t户 {}\t{}{}", r.case_id, r.household_id,
                       r.eligibility.eligible() ? "符合风险消除条件" : "不符合：", failed);
  });
  return kExitOk;
}

int cmd_backcheck(const Context& g, Common& o, const std::string& as_of) {
  auto d = date_arg(as_of, "--as-of");
  if (!d) return fail(d.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto rows = app::backcheck_list(*(*s)->env, *d, o.region);
  if (!rows) return fail(rows.error());
  emit_rows(*rows, o.format, app::backcheck_view, [](const app::BackcheckRow& r) {
    std::string f;
    for (const auto& x : r.findings) f += "\n    ! " + x;
    return fmt::format("案件 {}\t户 {}\t消除于 {}\t建议{}{}", r.case_id, r.household_id, r.eliminated_on,
                       r.findings.empty() ? "保持" : "风险消除回退", f);
  });
  return kExitOk;
}

int cmd_quality(const Context& g, Common& o, const std::string& as_of) {
  auto d = date_arg(as_of, "--as-of");
  if (!d) return fail(d.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto rows = app::quality_list(*(*s)->env, *d, o.region);
  if (!rows) return fail(rows.error());
  emit_rows(*rows, o.format, app::quality_view, [](const app::QualityRow& r) {
    return fmt::format("案件 {}\t户 {}\t{}\t发现 {}\t{}\t{}", r.case_id, r.household_id, label(r.flag.kind),
                       r.flag.found_on.iso(), r.flag.rectified_on ? "整改 " + r.flag.rectified_on->iso() : "未整改",
                       r.flag.detail);
  });
  if (o.format == "text") {
    int found[3] = {0, 0, 0}, fixed[3] = {0, 0, 0};
    for (const auto& r : *rows) {
      ++found[static_cast<int>(r.flag.kind)];
      if (r.flag.rectified_on) ++fixed[static_cast<int>(r.flag.kind)];
    }
    std::cout << fmt::format("合计：不及时 {}（已整改 {}），不精准 {}（已整改 {}），成效不明显 {}（已整改 {}）\n", found[0],
                             fixed[0], found[1], fixed[1], found[2], fixed[2]);
  }
  return kExitOk;
}

int cmd_audit_verify(const Context& g, Common& o) {
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  auto r = app::verify_audit(*(*s)->env);
  if (!r) return fail(r.error());
  if (o.format != "text") {
    const Json j = app::chain_check_view(*r);
    std::cout << (o.format == "json" ? j.dump(2) : j.dump()) << '\n';
  } else if (r->ok()) {
    std::cout << fmt::format("审计链完整：{} 个事件\n", r->events);
  } else {
    std::cout << fmt::format("审计链断裂：第一个有问题的事件 #{}：{}\n", *r->first_broken, r->problem);
  }
  return r->ok() ? kExitOk : kExitError;
}

// ---- demo ------------------------------------------------------------------------------

int cmd_demo_cases(const Context& g, Common& o, const std::string& as_of, int year) {
  auto d = date_arg(as_of, "--as-of");
  if (!d) return fail(d.error());
  auto s = open_session(g, o);
  if (!s) return fail(s.error());
  // The script assumes no case of its own yet (one live case per household); imported
  // existing cases (存量, `import cases`) stay, and their households are left out.
  auto existing = app::list_case_records(*(*s)->env, "");
  if (!existing) return fail(existing.error());
  std::set<std::string> taken;
  int own = 0;
  for (const auto& r : *existing) {
    taken.insert(r.c.household_id);
    own += app::is_migrated(r.c) ? 0 : 1;
  }
  if (own > 0)
    return fail(Error{ErrorKind::Conflict, fmt::format("数据库中已有 {} 个案件，演示案件只能生成到没有案件（导入的存量案件除外）的库中", own), "db"});
  auto snapshot = (*s)->registry->load_registry(store::RegistryQuery{o.region, {year - 1, year}});
  if (!snapshot) return fail(snapshot.error());
  auto assessed = app::assess_registry(*snapshot, (*s)->policy, app::AssessRequest{year, o.region, true});
  if (!assessed) return fail(assessed.error());
  auto input = demo::select_demo_households(*snapshot, assessed->records);
  auto has_case = [&](const std::string& id) { return taken.count(id) != 0; };
  std::erase_if(input.candidates, [&](const Assessment& a) { return has_case(a.household_id); });
  std::erase_if(input.stable, has_case);
  std::erase_if(input.excluded, has_case);
  auto script = demo::generate_demo_cases(input, *d);
  if (script.empty()) return fail(not_found("登记库中没有可用于演示案件的户（先导入 demo-data 生成的数据）", "db"));
  auto& env = *(*s)->env;
  int made = 0;
  for (const auto& dc : script) {
    std::int64_t id = 0;
    for (const auto& a : dc.actions) {
      Result<app::CaseRecord> r = Error{};
      switch (a.kind) {
        case demo::DemoAction::Kind::Open: r = app::open_case(env, a.actor, dc.household_id, a.channel, a.date, a.text); break;
        case demo::DemoAction::Kind::Step: r = app::take_step(env, a.actor, id, a.step); break;
        case demo::DemoAction::Kind::Assign: r = app::assign_caseworker(env, a.actor, id, a.text, a.date); break;
        case demo::DemoAction::Kind::Plan: r = app::set_plan(env, a.actor, id, Plan{a.date, a.text, {}, std::nullopt}); break;
        case demo::DemoAction::Kind::Measure: r = app::add_measure(env, a.actor, id, a.measure); break;
      }
      if (!r) {
        std::cerr << fmt::format("演示案件（户 {}，{}）未能完成：{}\n", dc.household_id, dc.intent, r.error().message);
        break;
      }
      id = r->c.id;
    }
    if (id == 0) continue;
    auto r = app::load_case(env, id);
    if (!r) return fail(r.error());
    ++made;
    std::cout << fmt::format("案件 {}\t户 {}\t{}\t{}\n", id, dc.household_id, r->c.state_label(), dc.intent);
  }
  std::cout << fmt::format("已生成演示案件 {} 个（报告日期 {}）\n", made, d->iso());
  return kExitOk;
}

}  // namespace

void register_workflow_commands(CLI::App& app, Context& g, Commands& out) {
  // Option storage lives as long as the program (values are read after parse).
  static Common co;
  static OpenArgs oa;
  static StepArgs sa;
  static AssistArgs aa;
  static std::string show_id, as_of;
  static int within = 7, demo_year = 2023;

  auto* cs = app.add_subcommand("case", "监测对象案件：立案、办理步骤、帮扶");
  cs->require_subcommand(1);

  auto* open = cs->add_subcommand("open", "由线索立案");
  open->add_option("--household", oa.household, "户编号")->required();
  open->add_option("--channel", oa.channel, "发现渠道：自主申报|干部排查|部门预警|舆情信访")->required();
  open->add_option("--date", oa.date, "线索日期 YYYY-MM-DD")->required();
  open->add_option("--note", oa.note, "线索说明");
  add_write_options(open, co);
  add_common_options(open, co, false);
  out.push_back({open, [&g] { return cmd_open(g, co, oa); }});

  auto* step = cs->add_subcommand("step", "办理一个步骤（见 README 步骤表）；--cases/--from-file 批量办理");
  step->add_option("CASE", sa.id, "案件编号（批量办理时省略）");
  step->add_option("STEP", sa.step, "步骤名称，如 入户核查、村级公示、县级审定、驳回、回头看");
  step->add_option("--cases", sa.cases, "批量：案件编号，逗号分隔，如 12,15,19");
  step->add_option("--from-file", sa.from_file, "批量：案件名单文件（每行一个案件编号，# 后为注释）");
  step->add_option("--date", sa.date, "办理日期 YYYY-MM-DD")->required();
  step->add_option("--note", sa.note, "结果、理由、异议内容或说明");
  step->add_option("--doc", sa.docs, "附件文件（PDF/JPEG/PNG/Office），可多次");
  step->add_option("--type", sa.type, "县级审定/类型变更：监测对象类型");
  step->add_option("--reasons", sa.reasons, "县级审定/类型变更：风险原因，逗号分隔");
  step->add_flag("--rollback", sa.rollback, "回头看：风险消除回退（须 --note 原因）");
  step->add_option("--expect-version", sa.expect_version, "乐观锁：案件须仍为此版本");
  add_write_options(step, co);
  add_common_options(step, co, false);
  out.push_back({step, [&g] { return cmd_step(g, co, sa); }});

  auto* assign = cs->add_subcommand("assign", "确定帮扶责任人");
  assign->add_option("CASE", aa.id, "案件编号")->required();
  assign->add_option("--caseworker", aa.caseworker, "帮扶责任人姓名")->required();
  assign->add_option("--date", aa.date, "日期 YYYY-MM-DD")->required();
  add_write_options(assign, co);
  add_common_options(assign, co, false);
  out.push_back({assign, [&g] { return cmd_assist(g, co, aa, 'a'); }});

  auto* plan = cs->add_subcommand("plan", "制定帮扶计划");
  plan->add_option("CASE", aa.id, "案件编号")->required();
  plan->add_option("--text", aa.text, "计划内容")->required();
  plan->add_option("--date", aa.date, "日期 YYYY-MM-DD")->required();
  plan->add_option("--doc", aa.docs, "附件文件，可多次");
  add_write_options(plan, co);
  add_common_options(plan, co, false);
  out.push_back({plan, [&g] { return cmd_assist(g, co, aa, 'p'); }});

  auto* measure = cs->add_subcommand("measure", "落实一项帮扶措施");
  measure->add_option("CASE", aa.id, "案件编号")->required();
  measure->add_option("--category", aa.category, "措施类别（SPEC §8）")->required();
  measure->add_option("--start", aa.start, "开始日期 YYYY-MM-DD")->required();
  measure->add_option("--amount", aa.amount, "金额（元），无资金为 0");
  measure->add_option("--unit", aa.unit, "责任单位")->required();
  measure->add_option("--note", aa.note, "说明");
  measure->add_option("--evidence", aa.docs, "佐证文件，可多次");
  add_write_options(measure, co);
  add_common_options(measure, co, false);
  out.push_back({measure, [&g] { return cmd_assist(g, co, aa, 'm'); }});

  auto* show = cs->add_subcommand("show", "显示案件、办理记录与审计事件");
  show->add_option("CASE", show_id, "案件编号")->required();
  add_common_options(show, co, false);
  out.push_back({show, [&g] { return cmd_show(g, co, show_id); }});

  auto* list = cs->add_subcommand("list", "列出案件");
  add_common_options(list, co, true);
  out.push_back({list, [&g] { return cmd_list(g, co); }});

  auto* due = app.add_subcommand("due", "到期与超期事项（SPEC §7 时限）");
  due->add_option("--as-of", as_of, "截至日期 YYYY-MM-DD")->required();
  due->add_option("--within", within, "列出 N 天内到期的事项（默认 7）");
  add_common_options(due, co, true);
  out.push_back({due, [&g] { return cmd_due(g, co, as_of, within); }});

  auto* elim = app.add_subcommand("eliminate-check", "风险消除条件核查（SPEC §9）");
  elim->add_option("--as-of", as_of, "截至日期 YYYY-MM-DD")->required();
  add_common_options(elim, co, true);
  out.push_back({elim, [&g] { return cmd_eliminate_check(g, co, as_of); }});

  auto* back = app.add_subcommand("backcheck", "回头看：已消除风险户核查");
  back->add_option("--as-of", as_of, "截至日期 YYYY-MM-DD")->required();
  add_common_options(back, co, true);
  out.push_back({back, [&g] { return cmd_backcheck(g, co, as_of); }});

  auto* quality = app.add_subcommand("quality", "帮扶质量问题：不及时、不精准、成效不明显（SPEC §8）");
  quality->add_option("--as-of", as_of, "截至日期 YYYY-MM-DD")->required();
  add_common_options(quality, co, true);
  out.push_back({quality, [&g] { return cmd_quality(g, co, as_of); }});

  auto* audit = app.add_subcommand("audit", "审计链");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "校验审计链，指出第一个被篡改的事件");
  add_common_options(verify, co, false);
  out.push_back({verify, [&g] { return cmd_audit_verify(g, co); }});

  auto* demo = app.add_subcommand("demo-cases", "在已导入演示县的数据库中生成各状态的演示案件");
  demo->add_option("--as-of", as_of, "报告日期 YYYY-MM-DD（默认 2024-06-28）");
  demo->add_option("--year", demo_year, "用于选户的评估年度（默认 2023）");
  add_common_options(demo, co, true);
  out.push_back({demo, [&g] { return cmd_demo_cases(g, co, as_of.empty() ? std::string("2024-06-28") : as_of, demo_year); }});
}

}  // namespace fangpin::cli
