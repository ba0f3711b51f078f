// Shared fixtures for the workflow tests: the shipped calendar and deadlines, actors, and a
// case walked through the SPEC §7 procedure.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "domain/workflow/calendar.h"
#include "domain/workflow/case.h"
#include "io/workflow_policy.h"

namespace fangpin::workflow::testing {

inline Date D(const char* iso) { return *Date::parse(iso); }

inline const WorkCalendar& calendar() {
  static const WorkCalendar cal = [] {
    auto c = io::load_calendar("");
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : WorkCalendar{};
  }();
  return cal;
}

inline const WorkflowParams& params() {
  static const WorkflowParams p = [] {
    auto r = io::load_workflow_params("");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : WorkflowParams{};
  }();
  return p;
}

inline Actor village() { return {"村干部甲", Role::Village, "532923101"}; }
inline Actor township() { return {"乡干部乙", Role::Township, "532923101"}; }
inline Actor county() { return {"县干部丙", Role::County, "532923"}; }

inline StepInput step(Step s, const char* on, std::string note = {}) {
  StepInput in;
  in.step = s;
  in.on = D(on);
  in.note = std::move(note);
  return in;
}

inline Result<Case> apply(const Case& c, const Actor& a, const StepInput& in) {
  return apply_step(c, a, in, params(), calendar());
}

// A case opened on 2023-03-01 with 信息比对 suggesting 边缘易致贫户 / 因病.
inline Case opened(const char* clue = "2023-03-01") {
  auto c = open_case(OpenInput{"H1", "532923101001", Channel::CadreCheck, D(clue), "排查发现"}, village());
  EXPECT_TRUE(c.ok());
  return *c;
}

// Walks the identification procedure to 县级审定 on `approve_on` (all steps March 2023).
inline Case monitored(const char* approve_on = "2023-03-20") {
  Case c = opened();
  auto ok = [&](const Actor& a, StepInput in) {
    auto r = apply(c, a, in);
    EXPECT_TRUE(r.ok()) << label(in.step) << ": " << r.error().message;
    if (r.ok()) c = *r;
  };
  ok(village(), step(Step::Visit, "2023-03-01", "属实"));
  ok(village(), step(Step::Commitment, "2023-03-02"));
  StepInput cmp = step(Step::Comparison, "2023-03-03");
  cmp.assessed = true;
  cmp.suggested_type = MonitoredType::Marginal;
  cmp.suggested_reasons.add(RiskReason::Illness);
  ok(township(), cmp);
  ok(village(), step(Step::VillageAppraisal, "2023-03-04"));
  ok(village(), step(Step::VillageNotice, "2023-03-04"));
  ok(village(), step(Step::VillageNoticeEnd, "2023-03-09"));
  ok(township(), step(Step::TownshipReview, "2023-03-10"));
  ok(township(), step(Step::TownshipNotice, "2023-03-10"));
  ok(township(), step(Step::TownshipNoticeEnd, "2023-03-15"));
  ok(county(), step(Step::CountyApproval, approve_on));
  return c;
}

}  // namespace fangpin::workflow::testing
