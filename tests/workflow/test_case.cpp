// The SPEC §7/§9 state machine: every transition and every refusal.
#include <gtest/gtest.h>

#include "wf_fixtures.h"

namespace fangpin::workflow {
namespace {

using namespace testing;

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

TEST(Case, OpensFromClueWaitingForVisit) {
  Case c = opened();
  EXPECT_EQ(c.status, CaseStatus::Identifying);
  EXPECT_EQ(c.next_step(), Step::Visit);
  EXPECT_EQ(c.state_label(), "待入户核查");
  EXPECT_EQ(c.channel, Channel::CadreCheck);
  auto bad = open_case(OpenInput{"H1", "532923101001", Channel::SelfApplication, D("2023-03-01"), ""},
                       Actor{"督导员", Role::Supervisor, ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "role");
}

TEST(Case, FullIdentificationReachesMonitored) {
  Case c = monitored();
  EXPECT_EQ(c.status, CaseStatus::Monitored);
  EXPECT_EQ(c.type, MonitoredType::Marginal);
  EXPECT_TRUE(c.reasons.has(RiskReason::Illness));
  EXPECT_EQ(c.approved_on, D("2023-03-20"));
  EXPECT_EQ(c.history.size(), 10u);
  EXPECT_EQ(c.state_label(), "监测中");
}

TEST(Case, EachStepMovesToTheNextPendingState) {
  Case c = opened();
  const char* expected[] = {"待承诺授权书", "待信息比对", "待村级评议", "待村级公示", "村级公示中"};
  const Step steps[] = {Step::Visit, Step::Commitment, Step::Comparison, Step::VillageAppraisal, Step::VillageNotice};
  for (int i = 0; i < 5; ++i) {
    const Actor a = steps[i] == Step::Comparison ? township() : village();
    auto r = apply(c, a, step(steps[i], "2023-03-02"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    c = *r;
    EXPECT_EQ(c.state_label(), expected[i]);
  }
}

TEST(Case, OutOfOrderStepRefused) {
  Case c = opened();
  auto r = apply(c, village(), step(Step::VillageAppraisal, "2023-03-02"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "步骤顺序错误")) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "应先办理“入户核查”")) << r.error().message;
  auto approve = apply(c, county(), step(Step::CountyApproval, "2023-03-02"));
  ASSERT_FALSE(approve.ok());
  EXPECT_EQ(approve.error().field, "step");
}

TEST(Case, WrongRoleRefused) {
  Case c = opened();
  auto r = apply(c, township(), step(Step::Visit, "2023-03-02"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "role");
  EXPECT_TRUE(contains(r.error().message, "角色 乡级 无权办理“入户核查”（限 村级）")) << r.error().message;
  auto sup = apply(c, Actor{"督导员", Role::Supervisor, ""}, step(Step::Visit, "2023-03-02"));
  ASSERT_FALSE(sup.ok());
  EXPECT_EQ(sup.error().field, "role");
  auto admin = apply(c, Actor{"管理员", Role::Admin, ""}, step(Step::Visit, "2023-03-02"));
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.error().field, "role");
}

TEST(Case, ActorOutsideRegionRefused) {
  Case c = opened();
  auto r = apply(c, Actor{"外村干部", Role::Village, "532923102"}, step(Step::Visit, "2023-03-02"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "region");
}

TEST(Case, DateBeforePreviousStepRefused) {
  Case c = *apply(opened(), village(), step(Step::Visit, "2023-03-05"));
  auto r = apply(c, village(), step(Step::Commitment, "2023-03-04"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "date");
}

Case at_village_notice(const char* start) {
  Case c = opened();
  c = *apply(c, village(), step(Step::Visit, "2023-03-01"));
  c = *apply(c, village(), step(Step::Commitment, "2023-03-01"));
  c = *apply(c, township(), step(Step::Comparison, "2023-03-01"));
  c = *apply(c, village(), step(Step::VillageAppraisal, "2023-03-01"));
  return *apply(c, village(), step(Step::VillageNotice, start));
}

// What a case page offers (the API's allowed_steps / notice_earliest_end): the states' steps
// with their roles, and the first closing day of a running 公示 — the same day the refusal names.
std::vector<std::string> step_names(const std::vector<StepOption>& options, Role role) {
  std::vector<std::string> out;
  for (const auto& o : options)
    if (o.roles.has(role)) out.emplace_back(label(o.step));
  return out;
}

TEST(Case, AvailableStepsFollowTheStepTable) {
  Case c = opened();
  EXPECT_EQ(step_names(available_steps(c), Role::Village), (std::vector<std::string>{"入户核查", "驳回"}));
  EXPECT_EQ(step_names(available_steps(c), Role::County), (std::vector<std::string>{"驳回"}));
  EXPECT_TRUE(step_names(available_steps(c), Role::Township).empty());
  EXPECT_TRUE(step_names(available_steps(c), Role::Supervisor).empty());
  Case n = at_village_notice("2023-03-01");
  EXPECT_EQ(step_names(available_steps(n), Role::Village), (std::vector<std::string>{"村级公示结束", "公示异议", "驳回"}));
  EXPECT_EQ(step_names(available_steps(n), Role::Township), (std::vector<std::string>{"公示异议"}));
  Case m = monitored();
  EXPECT_EQ(step_names(available_steps(m), Role::County), (std::vector<std::string>{"清退", "类型变更"}));
  EXPECT_EQ(step_names(available_steps(m), Role::Village), (std::vector<std::string>{"消除提名"}));
}

TEST(Case, NoticeEarliestEndIsTheDayTheRefusalNames) {
  EXPECT_EQ(*notice_earliest_end(opened(), params(), calendar()), std::nullopt);
  Case c = at_village_notice("2023-03-01");
  auto earliest = notice_earliest_end(c, params(), calendar());
  ASSERT_TRUE(earliest.ok());
  ASSERT_TRUE(earliest->has_value());
  EXPECT_EQ((*earliest)->iso(), "2023-03-06");
  EXPECT_FALSE(apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-05")).ok());
  EXPECT_TRUE(apply(c, village(), step(Step::VillageNoticeEnd, (*earliest)->iso().c_str())).ok());
}

// 公示 ≥ 5 days: opened 3-01, closing 3-05 (4 days) is refused, 3-06 (5 days) accepted.
TEST(Case, NoticeOfFourDaysRefusedFiveAccepted) {
  Case c = at_village_notice("2023-03-01");
  auto early = apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-05"));
  ASSERT_FALSE(early.ok());
  EXPECT_TRUE(contains(early.error().message, "仅 4 天")) << early.error().message;
  EXPECT_TRUE(contains(early.error().message, "最早 2023-03-06")) << early.error().message;
  auto ok = apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-06"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->state_label(), "待乡镇审核");
}

TEST(Case, ObjectionSuspendsNoticeUntilResolvedWithNote) {
  Case c = at_village_notice("2023-03-01");
  auto no_note = apply(c, village(), step(Step::Objection, "2023-03-02"));
  ASSERT_FALSE(no_note.ok());
  EXPECT_EQ(no_note.error().field, "note");
  c = *apply(c, village(), step(Step::Objection, "2023-03-02", "群众反映家有营运车辆"));
  EXPECT_EQ(c.state_label(), "村级公示暂停（异议待处理）");
  auto close = apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-07"));
  ASSERT_FALSE(close.ok());
  EXPECT_TRUE(contains(close.error().message, "异议")) << close.error().message;
  EXPECT_FALSE(apply(c, village(), step(Step::ObjectionResolved, "2023-03-03")).ok());  // no note
  c = *apply(c, village(), step(Step::ObjectionResolved, "2023-03-03", "核实为农用车，异议不成立"));
  EXPECT_EQ(c.state_label(), "村级公示中");
  EXPECT_TRUE(apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-07")).ok());
}

TEST(Case, ObjectionOutsideNoticeRefused) {
  auto r = apply(opened(), village(), step(Step::Objection, "2023-03-02", "异议"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "不在公示期"));
}

TEST(Case, NegativeListHitAtComparisonRejectsWithReason) {
  Case c = opened();
  c = *apply(c, village(), step(Step::Visit, "2023-03-01"));
  c = *apply(c, village(), step(Step::Commitment, "2023-03-01"));
  StepInput cmp = step(Step::Comparison, "2023-03-02");
  cmp.negative_hits = {"公职人员", "商品房"};
  auto r = apply(c, township(), cmp);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CaseStatus::Rejected);
  EXPECT_EQ(r->closed_reason, "信息比对命中负面清单：公职人员、商品房");
  EXPECT_FALSE(r->active());
  EXPECT_FALSE(apply(*r, village(), step(Step::VillageAppraisal, "2023-03-03")).ok());
}

TEST(Case, RejectAtAnyStepNeedsReasonAndClosesCase) {
  Case c = *apply(opened(), village(), step(Step::Visit, "2023-03-01"));
  auto no_reason = apply(c, village(), step(Step::Reject, "2023-03-02"));
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "note");
  auto wrong_role = apply(c, township(), step(Step::Reject, "2023-03-02", "x"));  // pending step is village's
  ASSERT_FALSE(wrong_role.ok());
  auto r = apply(c, village(), step(Step::Reject, "2023-03-02", "户主拒签承诺授权书"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CaseStatus::Rejected);
  EXPECT_EQ(r->closed_reason, "户主拒签承诺授权书");
  EXPECT_EQ(r->closed_on, D("2023-03-02"));
  EXPECT_TRUE(apply(c, county(), step(Step::Reject, "2023-03-02", "县级驳回")).ok());
}

TEST(Case, CountyChangesSuggestedTypeAndChangeIsRecorded) {
  Case c = monitored();  // confirms the suggestion
  EXPECT_FALSE(contains(c.history.back().note, "调整了系统建议"));
  Case d = opened();
  for (const auto& [a, s] : std::vector<std::pair<Actor, Step>>{{village(), Step::Visit}, {village(), Step::Commitment}}) d = *apply(d, a, step(s, "2023-03-01"));
  StepInput cmp = step(Step::Comparison, "2023-03-01");
  cmp.assessed = true;
  cmp.suggested_type = MonitoredType::Marginal;
  cmp.suggested_reasons.add(RiskReason::Illness);
  d = *apply(d, township(), cmp);
  d = *apply(d, village(), step(Step::VillageAppraisal, "2023-03-01"));
  d = *apply(d, village(), step(Step::VillageNotice, "2023-03-01"));
  d = *apply(d, village(), step(Step::VillageNoticeEnd, "2023-03-06"));
  d = *apply(d, township(), step(Step::TownshipReview, "2023-03-06"));
  d = *apply(d, township(), step(Step::TownshipNotice, "2023-03-06"));
  d = *apply(d, township(), step(Step::TownshipNoticeEnd, "2023-03-11"));
  StepInput approve = step(Step::CountyApproval, "2023-03-12");
  approve.type = MonitoredType::SuddenHardship;
  EnumSet<RiskReason> r;
  r.add(RiskReason::Accident);
  approve.reasons = r;
  auto done = apply(d, county(), approve);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->type, MonitoredType::SuddenHardship);
  EXPECT_EQ(done->suggested_type, MonitoredType::Marginal);
  EXPECT_TRUE(contains(done->history.back().note, "调整了系统建议：边缘易致贫户，因病")) << done->history.back().note;
}

TEST(Case, CountyApprovalWithoutAnyTypeRefused) {
  Case c = opened();
  c = *apply(c, village(), step(Step::Visit, "2023-03-01"));
  c = *apply(c, village(), step(Step::Commitment, "2023-03-01"));
  c = *apply(c, township(), step(Step::Comparison, "2023-03-01"));  // no suggestion
  c = *apply(c, village(), step(Step::VillageAppraisal, "2023-03-01"));
  c = *apply(c, village(), step(Step::VillageNotice, "2023-03-01"));
  c = *apply(c, village(), step(Step::VillageNoticeEnd, "2023-03-06"));
  c = *apply(c, township(), step(Step::TownshipReview, "2023-03-06"));
  c = *apply(c, township(), step(Step::TownshipNotice, "2023-03-06"));
  c = *apply(c, township(), step(Step::TownshipNoticeEnd, "2023-03-11"));
  auto r = apply(c, county(), step(Step::CountyApproval, "2023-03-12"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "type");
}

TEST(Case, TownshipNoticeAlsoNeedsFiveDays) {
  Case c = monitored();
  (void)c;
  Case d = at_village_notice("2023-03-01");
  d = *apply(d, village(), step(Step::VillageNoticeEnd, "2023-03-06"));
  d = *apply(d, township(), step(Step::TownshipReview, "2023-03-07"));
  d = *apply(d, township(), step(Step::TownshipNotice, "2023-03-07"));
  auto early = apply(d, township(), step(Step::TownshipNoticeEnd, "2023-03-11"));
  ASSERT_FALSE(early.ok());
  EXPECT_TRUE(contains(early.error().message, "乡镇公示")) << early.error().message;
  EXPECT_TRUE(apply(d, township(), step(Step::TownshipNoticeEnd, "2023-03-12")).ok());
}

TEST(Case, EliminationRefusedWhileCriteriaFail) {
  StepInput nominate = step(Step::ElimNominate, "2023-08-20");
  nominate.eligibility_failures = {"稳定半年以上：县级审定于 2023-03-20，满 6 个月为 2023-09-20"};
  auto r = apply(monitored(), village(), nominate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "eligibility");
  EXPECT_TRUE(contains(r.error().message, "稳定半年以上"));
}

Case eliminated() {
  Case c = monitored();
  auto ok = [&](const Actor& a, StepInput in) {
    auto r = apply(c, a, in);
    EXPECT_TRUE(r.ok()) << label(in.step) << ": " << r.error().message;
    if (r.ok()) c = *r;
  };
  ok(village(), step(Step::ElimNominate, "2023-09-21"));
  ok(village(), step(Step::ElimVisit, "2023-09-22", "户主签字的风险消除评估表"));
  ok(village(), step(Step::ElimVillageAppraisal, "2023-09-23"));
  ok(village(), step(Step::ElimVillageNotice, "2023-09-23"));
  ok(village(), step(Step::ElimVillageNoticeEnd, "2023-09-28"));
  ok(township(), step(Step::ElimTownshipReview, "2023-10-09"));
  ok(township(), step(Step::ElimTownshipNotice, "2023-10-09"));
  ok(township(), step(Step::ElimTownshipNoticeEnd, "2023-10-14"));
  ok(county(), step(Step::ElimCountyApproval, "2023-10-16"));
  return c;
}

TEST(Case, EliminationProcedureMarksEliminatedAndKeepsRecord) {
  Case c = eliminated();
  EXPECT_EQ(c.status, CaseStatus::Eliminated);
  EXPECT_EQ(c.eliminated_on, D("2023-10-16"));
  EXPECT_FALSE(c.active());
  EXPECT_EQ(c.history.size(), 19u);  // nothing dropped
  EXPECT_EQ(c.type, MonitoredType::Marginal);
}

TEST(Case, EliminationVisitNeedsSignedForm) {
  Case c = *apply(monitored(), village(), step(Step::ElimNominate, "2023-09-21"));
  EXPECT_EQ(c.state_label(), "待消除入户评估");
  auto r = apply(c, village(), step(Step::ElimVisit, "2023-09-22"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "documents");
}

TEST(Case, RejectDuringEliminationKeepsMonitoring) {
  Case c = *apply(monitored(), village(), step(Step::ElimNominate, "2023-09-21"));
  auto r = apply(c, village(), step(Step::Reject, "2023-09-22", "评估发现收入不稳"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CaseStatus::Monitored);
  EXPECT_TRUE(r->active());
}

TEST(Case, BackCheckKeepOrRollBack) {
  Case c = eliminated();
  auto keep = apply(c, county(), step(Step::BackCheck, "2024-10-10"));
  ASSERT_TRUE(keep.ok());
  EXPECT_EQ(keep->status, CaseStatus::Eliminated);
  EXPECT_EQ(keep->last_backcheck, D("2024-10-10"));
  EXPECT_FALSE(apply(c, village(), step(Step::BackCheck, "2024-10-10")).ok());  // role
  StepInput rb = step(Step::BackCheck, "2024-10-10");
  rb.rollback = true;
  EXPECT_FALSE(apply(c, county(), rb).ok());  // reason required
  rb.note = "2024 年人均纯收入低于监测线";
  auto back = apply(c, county(), rb);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, CaseStatus::Monitored);
  EXPECT_EQ(back->rollbacks, 1);
  EXPECT_FALSE(back->eliminated_on.has_value());
  EXPECT_EQ(back->history.back().note, "风险消除回退：2024 年人均纯收入低于监测线");
  EXPECT_FALSE(apply(monitored(), county(), step(Step::BackCheck, "2024-10-10")).ok());
}

TEST(Case, RemovalAndTypeChange) {
  Case c = monitored();
  StepInput change = step(Step::TypeChange, "2023-06-01", "年度调整");
  change.type = MonitoredType::SuddenHardship;
  auto changed = apply(c, county(), change);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->type, MonitoredType::SuddenHardship);
  EXPECT_TRUE(contains(changed->history.back().note, "类型 边缘易致贫户 → 突发严重困难户"));
  StepInput same = step(Step::TypeChange, "2023-06-01", "x");
  same.type = MonitoredType::Marginal;
  EXPECT_FALSE(apply(c, county(), same).ok());
  EXPECT_FALSE(apply(c, county(), step(Step::Removal, "2023-06-02")).ok());  // reason required
  auto removed = apply(c, county(), step(Step::Removal, "2023-06-02", "识别不准：家庭有商品房"));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->status, CaseStatus::Removed);
  EXPECT_FALSE(removed->active());
  EXPECT_FALSE(apply(opened(), county(), step(Step::Removal, "2023-03-02", "x")).ok());
}

TEST(Assistance, CaseworkerPlanMeasureRules) {
  Case c = monitored();
  EXPECT_FALSE(assign_caseworker(opened(), township(), "王帮扶", D("2023-03-21")).ok());  // not monitored
  auto a = assign_caseworker(c, township(), "王帮扶", D("2023-03-21"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->caseworker, "王帮扶");
  const Actor other{"李某", Role::Caseworker, ""};
  EXPECT_FALSE(set_plan(*a, other, Plan{D("2023-03-22"), "产业+就业", {}, std::nullopt}).ok());  // not this household's
  const Actor worker{"王帮扶", Role::Caseworker, ""};
  auto p = set_plan(*a, worker, Plan{D("2023-03-22"), "产业+就业", {}, std::nullopt});
  ASSERT_TRUE(p.ok());
  auto revised = set_plan(*p, worker, Plan{D("2023-06-01"), "调整：增加公益岗位", {}, std::nullopt});
  ASSERT_TRUE(revised.ok());
  EXPECT_EQ(revised->plan->on, D("2023-03-22"));  // lateness is judged on the first plan
  EXPECT_EQ(revised->plan->revised_on, D("2023-06-01"));
  EXPECT_EQ(revised->plan->text, "调整：增加公益岗位");
  EXPECT_FALSE(set_plan(*revised, worker, Plan{D("2023-05-01"), "倒签", {}, std::nullopt}).ok());
  Measure m{0, MeasureCategory::Health, D("2023-03-25"), yuan(3000), "县医保局", "医疗救助", {}};
  auto with = add_measure(*p, worker, m);
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->measures.at(0).id, 1);
  Measure early = m;
  early.start = D("2023-03-01");
  EXPECT_FALSE(add_measure(*p, worker, early).ok());
  Measure no_unit = m;
  no_unit.unit.clear();
  EXPECT_FALSE(add_measure(*p, worker, no_unit).ok());
  EXPECT_FALSE(add_measure(*p, Actor{"督导", Role::Supervisor, ""}, m).ok());
}

TEST(Labels, RoundTrip) {
  for (int i = 0; i < 25; ++i) EXPECT_EQ(parse_step(label(static_cast<Step>(i))), static_cast<Step>(i));
  for (int i = 0; i < kMeasureCategoryCount; ++i)
    EXPECT_EQ(parse_measure_category(label(static_cast<MeasureCategory>(i))), static_cast<MeasureCategory>(i));
  EXPECT_EQ(parse_channel("部门筛查预警"), Channel::DepartmentWarning);
  EXPECT_EQ(parse_role("帮扶责任人"), Role::Caseworker);
}

}  // namespace
}  // namespace fangpin::workflow
