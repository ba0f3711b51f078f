#include "app/workflow/warning_case.h"

#include <fmt/format.h>

namespace fangpin::app {

Result<WarningCase> open_case_for_warning(WorkflowEnv& env, const std::string& household_id, const Date& clue_date,
                                          const std::string& note, const std::string& user) {
  auto household = env.registry.find_household(household_id);
  if (!household) return household.error();
  if (*household) {
    auto cases = env.cases.list_cases((**household).household.region_code);
    if (!cases) return cases.error();
    for (const auto& c : *cases)
      if (c.household_id == household_id && c.active) return WarningCase{c.id, true};
  }
  // The verifying cadre registers the clue, as a village cadre would for a 部门预警.
  const workflow::Actor actor{user, Role::Village, ""};
  auto r = open_case(env, actor, household_id, workflow::Channel::DepartmentWarning, clue_date, note);
  if (!r) return r.error();
  return WarningCase{r->c.id, false};
}

Result<VerifiedWarning> verify_warning_into_case(
    store::Database& db, WorkflowEnv* env,
    const std::function<Result<store::WarningRecord>(store::ScreeningStore&)>& verify,
    const std::function<std::string(const store::WarningRecord&)>& note_of, const std::string& user) {
  if (env != nullptr && (&env->registry != &db.registry() || &env->cases != &db.cases()))
    return internal_error("立案环境与数据库不一致");
  VerifiedWarning out;
  auto s = db.transaction([&]() -> Status {
    auto w = verify(db.screening());
    if (!w) return w.error();
    out.warning = std::move(*w);
    if (env == nullptr || out.warning.verify_result != "纳入") return Ok{};
    const std::string& on = out.warning.dispatch_by.empty() ? out.warning.verified_on : out.warning.dispatch_by;
    auto clue = Date::parse(on);
    if (!clue) return failed_precondition(fmt::format("预警 #{} 的日期无效：“{}”", out.warning.id, on), "clue_date");
    auto c = open_case_for_warning(*env, out.warning.household_id, *clue, note_of(out.warning), user);
    if (!c) {
      Error e = c.error();
      if (e.kind == ErrorKind::Invalid) e.kind = ErrorKind::FailedPrecondition;
      e.message = "未能登记识别案件，核实结论未保存：" + e.message;
      return e;
    }
    out.opened = *c;
    return Ok{};
  });
  if (!s) return s.error();
  return out;
}

}  // namespace fangpin::app
