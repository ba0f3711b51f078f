// Cases for the server tests, made through the same app/workflow use cases the routes call
// but on the test's own database connection (so a test can set up in one go what would take
// a dozen requests). Actors are the fixture's account names.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/workflow/workflow_service.h"
#include "io/policy_loader.h"
#include "io/workflow_policy.h"
#include "store/database.h"

namespace fangpin::testing {

class CaseSeed {
 public:
  explicit CaseSeed(store::Database& db) : db_(db) {
    auto bundle = io::load_policy_bundle("");
    EXPECT_TRUE(bundle.ok());
    if (bundle.ok()) {
      policy_ = std::move(bundle->policy);
      params_ = bundle->workflow;
    }
    auto cal = io::load_calendar("");
    EXPECT_TRUE(cal.ok());
    if (cal.ok()) calendar_ = std::move(*cal);
  }

  app::WorkflowEnv env() {
    return app::WorkflowEnv{db_.registry(), db_.cases(), policy_, params_, calendar_, "2026-01-01T00:00:00Z"};
  }

  static workflow::Actor actor(Role role) {
    std::string name = std::string("u_") + std::string(key(role));
    return workflow::Actor{name, role, ""};
  }

  // A household in `region` with a head member (no finances unless `income_yuan` > 0).
  void household(const std::string& id, const std::string& region, const std::string& head_name,
                 long income_yuan = 0) {
    store::ImportRun run{"households", "seed", "tester", "2026-01-01T00:00:00Z", 1, 0};
    Household h;
    h.household_id = id;
    h.region_code = region;
    h.head_name = head_name;
    h.phone = "13700000000";
    ASSERT_TRUE(db_.registry().write_households(std::span<const Household>(&h, 1), run).ok());
    if (income_yuan > 0) {
      Finance f;
      f.household_id = id;
      f.year = 2023;
      f.wage_income = income_yuan * 100;
      run.kind = "finances";
      ASSERT_TRUE(db_.registry().write_finances(std::span<const Finance>(&f, 1), run).ok());
    }
  }

  std::int64_t open(const std::string& household, const char* clue_date = "2023-03-01",
                    workflow::Channel channel = workflow::Channel::CadreCheck) {
    auto e = env();
    auto r = app::open_case(e, actor(Role::Village), household, channel, *Date::parse(clue_date), "线索");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->c.id : 0;
  }

  app::CaseRecord step(std::int64_t id, Role role, workflow::Step s, const char* on, std::string note = {}) {
    workflow::StepInput in;
    in.step = s;
    in.on = *Date::parse(on);
    in.note = std::move(note);
    if (s == workflow::Step::CountyApproval) {
      in.type = MonitoredType::Marginal;
      in.reasons = EnumSet<RiskReason>{};
      in.reasons->add(RiskReason::Illness);
    }
    auto e = env();
    auto r = app::take_step(e, actor(role), id, in);
    EXPECT_TRUE(r.ok()) << workflow::label(s) << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : app::CaseRecord{};
  }

  // Steps up to and including 信息比对 (next: 村级评议), all on the clue date.
  std::int64_t compared(const std::string& household, const char* on = "2023-03-01") {
    const std::int64_t id = open(household, on);
    step(id, Role::Village, workflow::Step::Visit, on);
    step(id, Role::Village, workflow::Step::Commitment, on);
    step(id, Role::Township, workflow::Step::Comparison, on);
    return id;
  }

  // A case through the whole identification (clue 2023-03-01, 县级审定 2023-03-20 as
  // 边缘易致贫户 / 因病), with `caseworker` assigned on 2023-03-21 when given.
  std::int64_t monitored(const std::string& household, const std::string& caseworker = {}) {
    using workflow::Step;
    const std::int64_t id = compared(household);
    step(id, Role::Village, Step::VillageAppraisal, "2023-03-02");
    step(id, Role::Village, Step::VillageNotice, "2023-03-02");
    step(id, Role::Village, Step::VillageNoticeEnd, "2023-03-07");
    step(id, Role::Township, Step::TownshipReview, "2023-03-08");
    step(id, Role::Township, Step::TownshipNotice, "2023-03-08");
    step(id, Role::Township, Step::TownshipNoticeEnd, "2023-03-13");
    step(id, Role::County, Step::CountyApproval, "2023-03-20");
    if (!caseworker.empty()) {
      auto e = env();
      auto r = app::assign_caseworker(e, actor(Role::Village), id, caseworker, *Date::parse("2023-03-21"));
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    }
    return id;
  }

  std::int64_t version(std::int64_t id) {
    auto e = env();
    auto r = app::load_case(e, id);
    return r.ok() ? r->version : -1;
  }

 private:
  store::Database& db_;
  Policy policy_;
  workflow::WorkflowParams params_;
  workflow::WorkCalendar calendar_;
};

}  // namespace fangpin::testing
