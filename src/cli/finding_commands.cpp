// Negative-list findings at verification (SPEC §5): `finding add|withdraw|list` (README
// "Negative-list findings"). Writers are 村级, 乡级 and 县级 within their --scope; a household
// outside the scope is answered as unknown.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/clock.h"
#include "app/findings.h"
#include "cli/common.h"
#include "domain/permission.h"
#include "domain/role.h"
#include "io/policy_loader.h"
#include "store/file_store.h"

namespace fangpin::cli {

namespace {

struct FindingArgs {
  std::string household;
  std::int64_t finding = 0;
  std::string kind, date, note, reason;
  std::vector<std::string> evidence;  // files, stored in the archive
  std::string user, role, scope, files, policy;
  std::string format = "text";
};

nlohmann::ordered_json finding_json(const NegativeFinding& f) {
  nlohmann::ordered_json j;
  j["id"] = f.id;
  j["household_id"] = f.household_id;
  j["kind"] = f.kind;
  j["date"] = f.found_on.iso();
  j["by"] = f.found_by;
  j["role"] = f.role;
  j["note"] = f.note;
  j["evidence"] = f.evidence;
  j["recorded_at"] = f.recorded_at;
  return j;
}

Result<Date> date_arg(const std::string& text) {
  auto d = Date::parse(text);
  if (!d) return invalid("--date 应为 YYYY-MM-DD 日期：" + text, "date");
  return *d;
}

// The writer, checked like a case step: role 村级/乡级/县级, the household within --scope.
Result<app::FindingActor> writer(const FindingArgs& a, store::Store& registry) {
  auto role = parse_role(a.role);
  if (!role) return invalid("--role 应为 村级|乡级|县级：" + a.role, "role");
  if (!may(*role, Action::TakeStep))
    return Error{ErrorKind::PermissionDenied, fmt::format("角色“{}”无权记录负面清单核查发现", a.role), "role"};
  auto d = registry.find_household(a.household);
  if (!d) return d.error();
  if (!*d || !(*d)->household.region_code.starts_with(a.scope))
    return not_found(fmt::format("户编号 {} 不在登记库中", a.household), "household_id");
  return app::FindingActor{a.user.empty() ? current_user() : a.user, std::string(label(*role))};
}

int emit(const NegativeFinding& f, const std::string& format, std::string_view what) {
  if (format == "json") std::cout << finding_json(f).dump(2) << '\n';
  else std::cout << fmt::format("{}核查发现 {}（户 {}，{}，{} {}）\n", what, f.withdraws.value_or(f.id), f.household_id, f.kind, f.found_by, f.found_on.iso());
  return kExitOk;
}

int cmd_add(const Context& g, const FindingArgs& a) {
  auto policy = io::load_policy_bundle(a.policy);
  if (!policy) return fail(policy.error());
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  auto& registry = (*db)->registry();
  auto actor = writer(a, registry);
  if (!actor) return fail(actor.error());
  auto on = date_arg(a.date);
  if (!on) return fail(on.error());
  NegativeFinding f;
  f.household_id = a.household;
  f.kind = a.kind;
  f.found_on = *on;
  f.note = a.note;
  store::FileStore files(a.files.empty() ? g.db + ".files" : a.files);
  for (const auto& path : a.evidence) {
    auto stored = files.put_file(path);
    if (!stored) return fail(stored.error());
    f.evidence.push_back(stored->sha256);
  }
  auto r = app::add_finding(registry, policy->policy, *actor, std::move(f), app::china_date(std::chrono::system_clock::now()));
  if (!r) return fail(r.error());
  return emit(*r, a.format, "已记录");
}

int cmd_withdraw(const Context& g, const FindingArgs& a) {
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  auto& registry = (*db)->registry();
  auto actor = writer(a, registry);
  if (!actor) return fail(actor.error());
  auto on = date_arg(a.date);
  if (!on) return fail(on.error());
  auto r = app::withdraw_finding(registry, *actor, a.household, a.finding, *on, a.reason,
                                 app::china_date(std::chrono::system_clock::now()));
  if (!r) return fail(r.error());
  return emit(*r, a.format, "已撤销");
}

int cmd_list(const Context& g, const FindingArgs& a) {
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  auto list = app::list_findings((*db)->registry(), a.household);
  if (!list) return fail(list.error());
  if (a.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& s : *list) {
      auto j = finding_json(s.finding);
      j["active"] = s.active();
      j["withdrawal"] = s.withdrawal ? finding_json(*s.withdrawal) : nlohmann::ordered_json(nullptr);
      arr.push_back(std::move(j));
    }
    std::cout << arr.dump(2) << '\n';
    return kExitOk;
  }
  if (list->empty()) std::cout << fmt::format("户 {} 没有负面清单核查发现\n", a.household);
  for (const auto& s : *list) {
    const auto& f = s.finding;
    std::cout << fmt::format("{}\t{}\t{}\t{}（{}）\t{}\t佐证 {} 份\t{}\n", f.id, f.kind, f.found_on.iso(), f.found_by, f.role,
                             f.note, f.evidence.size(),
                             s.withdrawal ? fmt::format("已撤销 {} {}：{}", s.withdrawal->found_on.iso(),
                                                        s.withdrawal->found_by, s.withdrawal->note)
                                          : std::string("有效"));
  }
  return kExitOk;
}

void writer_options(CLI::App* c, FindingArgs& a) {
  c->add_option("--date", a.date, "日期 YYYY-MM-DD")->required();
  c->add_option("--role", a.role, "角色：村级|乡级|县级")->required();
  c->add_option("--user", a.user, "记录人（默认 $FANGPIN_USER 或 $USER）");
  c->add_option("--scope", a.scope, "记录人辖区（区划代码前缀）");
  c->add_option("--format", a.format, "text|json")->check(CLI::IsMember({"text", "json"}));
}

}  // namespace

void register_finding_commands(CLI::App& app, Context& g, Commands& out) {
  static FindingArgs a;
  auto* fc = app.add_subcommand("finding", "负面清单核查发现：记录、撤销、查看");
  fc->require_subcommand(1);

  auto* add = fc->add_subcommand("add", "记录入户核查发现的负面清单情形");
  add->add_option("HOUSEHOLD", a.household, "户编号")->required();
  add->add_option("--kind", a.kind, "负面清单类别，如 隐瞒资产或虚报支出、子女有赡养能力、种养大户")->required();
  add->add_option("--note", a.note, "核查发现的情况")->required();
  add->add_option("--evidence", a.evidence, "佐证文件（存入档案），可多次")->required();
  add->add_option("--files", a.files, "档案文件目录（默认 DB.files）");
  add->add_option("--policy", a.policy, "政策文件（默认内置）");
  writer_options(add, a);
  out.push_back({add, [&g] { return cmd_add(g, a); }});

  auto* wd = fc->add_subcommand("withdraw", "撤销一项核查发现（另记一条撤销记录，原记录保留）");
  wd->add_option("HOUSEHOLD", a.household, "户编号")->required();
  wd->add_option("FINDING", a.finding, "核查发现编号")->required();
  wd->add_option("--reason", a.reason, "撤销理由")->required();
  writer_options(wd, a);
  out.push_back({wd, [&g] { return cmd_withdraw(g, a); }});

  auto* ls = fc->add_subcommand("list", "一户的核查发现及撤销记录");
  ls->add_option("HOUSEHOLD", a.household, "户编号")->required();
  ls->add_option("--format", a.format, "text|json")->check(CLI::IsMember({"text", "json"}));
  out.push_back({ls, [&g] { return cmd_list(g, a); }});
}

}  // namespace fangpin::cli
