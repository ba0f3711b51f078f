#include "app/workflow/warning_case.h"

#include <fmt/format.h>

#include "app/screening_use_cases.h"
#include "screening/screening_service.h"

namespace fangpin::app {

Result<WarningCase> open_case_for_warning(WorkflowEnv& env, const workflow::Actor& actor,
                                          const std::string& household_id, const Date& clue_date,
                                          const std::string& note) {
  auto household = env.registry.find_household(household_id);
  if (!household) return household.error();
  if (*household) {
    auto cases = env.cases.list_cases((**household).household.region_code);
    if (!cases) return cases.error();
    for (const auto& c : *cases)
      if (c.household_id == household_id && c.active) return WarningCase{c.id, true};
  }
  auto r = open_case(env, actor, household_id, workflow::Channel::DepartmentWarning, clue_date, note);
  if (!r) return r.error();
  return WarningCase{r->c.id, false};
}

Result<VerifiedWarning> verify_warning_into_case(store::Database& db, WorkflowEnv* env, const workflow::Actor& actor,
                                                 const WarningVerdict& verdict,
                                                 const std::optional<std::string>& access_at) {
  if (env != nullptr && (&env->registry != &db.registry() || &env->cases != &db.cases()))
    return internal_error("立案环境与数据库不一致");
  VerifiedWarning out;
  auto s = db.transaction([&]() -> Status {
    auto w = screening::verify_warning(db.screening(), verdict.id, verdict.result, actor.name, verdict.date);
    if (!w) return w.error();
    out.warning = std::move(*w);
    if (access_at) {
      std::string target = fmt::format("warning:{} {}", out.warning.id, out.warning.verify_result);
      if (!verdict.note.empty()) target += "：" + verdict.note;
      if (auto st = db.accounts().record_access({actor.name, *access_at, "warning.verify", std::move(target)}); !st)
        return st.error();
    }
    if (env == nullptr || out.warning.verify_result != "纳入") return Ok{};
    const std::string& on = out.warning.dispatch_by.empty() ? out.warning.verified_on : out.warning.dispatch_by;
    auto clue = Date::parse(on);
    if (!clue) return failed_precondition(fmt::format("预警 #{} 的日期无效：“{}”", out.warning.id, on), "clue_date");
    std::string note = warning_case_note(out.warning);
    if (!verdict.note.empty()) note += "；核实说明：" + verdict.note;
    auto c = open_case_for_warning(*env, actor, out.warning.household_id, *clue, note);
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
