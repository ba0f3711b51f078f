#include "demo/demo_cases.h"

#include <algorithm>

#include "domain/workflow/monitoring.h"

namespace fangpin::demo {

using namespace workflow;

namespace {

const Actor kVillage{"村干部（演示）", Role::Village, ""};
const Actor kTownship{"乡镇干部（演示）", Role::Township, ""};
const Actor kCounty{"县乡村振兴局（演示）", Role::County, ""};

class Script {
 public:
  Script(std::string household, std::string intent) { c_.household_id = std::move(household); c_.intent = std::move(intent); }
  Script& open(Channel ch, const Date& on, std::string note) {
    DemoAction a;
    a.kind = DemoAction::Kind::Open;
    a.actor = kVillage;
    a.channel = ch;
    a.date = on;
    a.text = std::move(note);
    c_.actions.push_back(std::move(a));
    return *this;
  }
  Script& step(const Actor& who, Step s, const Date& on, std::string note = {}) {
    StepInput in;
    in.step = s;
    in.on = on;
    in.note = std::move(note);
    return step(who, std::move(in));
  }
  Script& step(const Actor& who, StepInput in) {
    DemoAction a;
    a.kind = DemoAction::Kind::Step;
    a.actor = who;
    a.step = std::move(in);
    c_.actions.push_back(std::move(a));
    return *this;
  }
  // The caseworker is an account name: demo.sh creates the 帮扶责任人 account 演示帮扶责任人.
  Script& assign(const Date& on, std::string name) {
    DemoAction a;
    a.kind = DemoAction::Kind::Assign;
    a.actor = kTownship;
    a.date = on;
    a.text = std::move(name);
    c_.actions.push_back(std::move(a));
    return *this;
  }
  Script& plan(const Date& on, std::string text) {
    DemoAction a;
    a.kind = DemoAction::Kind::Plan;
    a.actor = kVillage;
    a.date = on;
    a.text = std::move(text);
    c_.actions.push_back(std::move(a));
    return *this;
  }
  Script& measure(MeasureCategory cat, const Date& start, Fen amount, std::string unit) {
    DemoAction a;
    a.kind = DemoAction::Kind::Measure;
    a.actor = kTownship;
    a.measure = Measure{0, cat, start, amount, std::move(unit), "演示措施", {}};
    c_.actions.push_back(std::move(a));
    return *this;
  }
  DemoCase done() { return std::move(c_); }

 private:
  DemoCase c_;
};

// The first `steps` identification steps from `clue` (all of them: 10), compressed so the
// whole procedure takes 14 days (within the 15-day deadline).
void identify(Script& s, const Date& clue, int steps, bool explicit_type = false) {
  const int offset[] = {0, 1, 1, 2, 2, 7, 8, 8, 13, 14};
  const Step order[] = {Step::Visit, Step::Commitment, Step::Comparison, Step::VillageAppraisal, Step::VillageNotice,
                        Step::VillageNoticeEnd, Step::TownshipReview, Step::TownshipNotice, Step::TownshipNoticeEnd,
                        Step::CountyApproval};
  for (int i = 0; i < steps && i < 10; ++i) {
    const Actor& who = i == 9 ? kCounty : (i == 2 || (i >= 6 && i <= 8)) ? kTownship : kVillage;
    StepInput in;
    in.step = order[i];
    in.on = clue.plus_days(offset[i]);
    if (order[i] == Step::Visit) in.note = "入户核查属实";
    if (order[i] == Step::CountyApproval && explicit_type) {
      // Above the line but hit by an accident: cadres set the type themselves.
      in.type = MonitoredType::SuddenHardship;
      EnumSet<RiskReason> r;
      r.add(RiskReason::Accident);
      in.reasons = r;
    }
    s.step(who, in);
  }
}

// Measures that address every reason, plus a developmental one.
void assist(Script& s, const Assessment& a, const Date& approved) {
  s.assign(approved.plus_days(2), "演示帮扶责任人");
  s.plan(approved.plus_days(5), "一户一策：针对风险原因落实对应措施");
  std::vector<MeasureCategory> done;
  for (RiskReason r : a.reasons_in_order()) {
    const MeasureCategory m = addressing_measures(r).front();
    if (std::find(done.begin(), done.end(), m) != done.end()) continue;
    done.push_back(m);
    s.measure(m, approved.plus_days(6), yuan(2000), "县乡村振兴局");
  }
  if (std::none_of(done.begin(), done.end(), is_developmental))
    s.measure(MeasureCategory::Employment, approved.plus_days(6), 0, "县人社局");
}

void assist_stable(Script& s, const Date& approved) {
  s.assign(approved.plus_days(1), "演示帮扶责任人");
  s.plan(approved.plus_days(3), "务工就业帮扶");
  s.measure(MeasureCategory::Employment, approved.plus_days(5), yuan(1500), "县人社局");
}

// The SPEC §9 procedure from `start` (nomination) to 县级审定 at start + 16.
void eliminate(Script& s, const Date& start, int steps = 9) {
  const int offset[] = {0, 1, 2, 2, 7, 8, 8, 13, 16};
  const Step order[] = {Step::ElimNominate, Step::ElimVisit, Step::ElimVillageAppraisal, Step::ElimVillageNotice,
                        Step::ElimVillageNoticeEnd, Step::ElimTownshipReview, Step::ElimTownshipNotice,
                        Step::ElimTownshipNoticeEnd, Step::ElimCountyApproval};
  for (int i = 0; i < steps; ++i) {
    const Actor& who = i == 8 ? kCounty : (i >= 5 && i <= 7) ? kTownship : kVillage;
    s.step(who, order[i], start.plus_days(offset[i]), i == 1 ? "户主签字的风险消除评估表" : "");
  }
}

}  // namespace

DemoCaseInput select_demo_households(const RegistrySnapshot& registry, const std::vector<Assessment>& records) {
  DemoCaseInput in;
  for (const Assessment& a : records) {
    if (a.excluded) {
      in.excluded.push_back(a.household_id);
      continue;
    }
    if (a.candidate) {
      in.candidates.push_back(a);
      continue;
    }
    if (!a.shortfalls.empty()) continue;
    auto it = std::lower_bound(registry.households.begin(), registry.households.end(), a.household_id,
                               [](const Household& h, const std::string& id) { return h.household_id < id; });
    if (it == registry.households.end() || it->household_id != a.household_id) continue;
    const auto i = static_cast<std::size_t>(it - registry.households.begin());
    if (has_labour_capacity(registry.members_of(i), Date{a.year, 12, 31})) in.stable.push_back(a.household_id);
  }
  return in;
}

std::vector<DemoCase> generate_demo_cases(const DemoCaseInput& in, const Date& A) {
  std::vector<DemoCase> out;
  std::size_t ci = 0, si = 0, ei = 0;
  auto candidate = [&]() -> const Assessment* { return ci < in.candidates.size() ? &in.candidates[ci++] : nullptr; };
  auto stable = [&]() -> const std::string* { return si < in.stable.size() ? &in.stable[si++] : nullptr; };

  // Identification in progress: one case per pending state.
  struct Pending {
    int steps;
    int clue_days_before;
    Channel channel;
    const char* intent;
  };
  const Pending pending[] = {
      {0, 20, Channel::DepartmentWarning, "待入户核查（超期）"},
      {0, 1, Channel::SelfApplication, "待入户核查"},
      {1, 5, Channel::CadreCheck, "待承诺授权书"},
      {2, 6, Channel::PublicOpinion, "待信息比对"},
      {3, 6, Channel::CadreCheck, "待村级评议"},
      {5, 5, Channel::SelfApplication, "村级公示中"},
      {6, 9, Channel::DepartmentWarning, "待乡镇审核"},
      {7, 10, Channel::CadreCheck, "待乡镇公示"},
      {8, 11, Channel::CadreCheck, "乡镇公示中"},
      {9, 30, Channel::DepartmentWarning, "待县级审定（识别超期）"},
      {4, 4, Channel::CadreCheck, "待村级公示"},
  };
  for (const Pending& p : pending) {
    const Assessment* a = candidate();
    if (a == nullptr) return out;
    Script s(a->household_id, p.intent);
    const Date clue = A.plus_days(-p.clue_days_before);
    s.open(p.channel, clue, "演示线索");
    identify(s, clue, p.steps);
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // objection pending during the village notice
    Script s(a->household_id, "村级公示暂停（异议）");
    const Date clue = A.plus_days(-6);
    s.open(Channel::CadreCheck, clue, "演示线索");
    identify(s, clue, 5);
    s.step(kVillage, Step::Objection, A.plus_days(-2), "群众反映其子女有赡养能力");
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // rejected at 村级评议
    Script s(a->household_id, "已驳回（村级评议）");
    const Date clue = A.plus_days(-40);
    s.open(Channel::SelfApplication, clue, "演示线索");
    identify(s, clue, 3);
    s.step(kVillage, Step::Reject, clue.plus_days(3), "评议认为家庭收入来源稳定，不予纳入");
    out.push_back(s.done());
  }
  if (ei < in.excluded.size()) {  // rejected by the negative list at 信息比对
    Script s(in.excluded[ei++], "已驳回（负面清单）");
    const Date clue = A.plus_days(-50);
    s.open(Channel::SelfApplication, clue, "演示线索");
    identify(s, clue, 3);
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // monitored, assistance complete and on time
    Script s(a->household_id, "监测中（帮扶到位）");
    const Date clue = A.plus_days(-134);
    s.open(Channel::DepartmentWarning, clue, "演示线索");
    identify(s, clue, 10);
    assist(s, *a, clue.plus_days(14));
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // monitored, nothing done: overdue, 不及时
    Script s(a->household_id, "监测中（帮扶超期）");
    const Date clue = A.plus_days(-54);
    s.open(Channel::CadreCheck, clue, "演示线索");
    identify(s, clue, 10);
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // late plan, a measure that addresses nothing: 不及时 + 不精准
    Script s(a->household_id, "监测中（不精准）");
    const Date clue = A.plus_days(-100);
    s.open(Channel::CadreCheck, clue, "演示线索");
    identify(s, clue, 10);
    const Date approved = clue.plus_days(14);
    s.assign(approved.plus_days(1), "演示帮扶责任人");
    s.plan(approved.plus_days(15), "补制定的帮扶计划");
    s.measure(MeasureCategory::Infrastructure, approved.plus_days(8), yuan(5000), "县交通局");
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // measures for 8 months, income still below the line: 成效不明显
    Script s(a->household_id, "监测中（成效不明显）");
    const Date clue = A.plus_days(-260);
    s.open(Channel::SelfApplication, clue, "演示线索");
    identify(s, clue, 10);
    assist(s, *a, clue.plus_days(14));
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // 类型变更 after approval
    Script s(a->household_id, "监测中（类型变更）");
    const Date clue = A.plus_days(-90);
    s.open(Channel::CadreCheck, clue, "演示线索");
    identify(s, clue, 10);
    assist(s, *a, clue.plus_days(14));
    StepInput change;
    change.step = Step::TypeChange;
    change.on = A.plus_days(-10);
    change.type = a->type == MonitoredType::Unstable ? MonitoredType::SuddenHardship : MonitoredType::Unstable;
    change.note = "年度调整";
    s.step(kCounty, change);
    out.push_back(s.done());
  }
  if (const Assessment* a = candidate()) {  // 清退
    Script s(a->household_id, "已清退");
    const Date clue = A.plus_days(-80);
    s.open(Channel::SelfApplication, clue, "演示线索");
    identify(s, clue, 10);
    s.step(kCounty, Step::Removal, A.plus_days(-15), "识别不准：核实家庭有商品房");
    out.push_back(s.done());
  }
  // Households above the line hit by an accident: monitored, then the risk eliminated.
  if (const std::string* h = stable()) {  // monitored for over half a year, all criteria met
    Script s(*h, "监测中（符合风险消除条件）");
    const Date clue = A.plus_days(-220);
    s.open(Channel::SelfApplication, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    out.push_back(s.done());
  }
  if (const std::string* h = stable()) {  // elimination in progress
    Script s(*h, "风险消除中");
    const Date clue = A.plus_days(-250);
    s.open(Channel::DepartmentWarning, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    eliminate(s, A.plus_days(-5), 3);
    out.push_back(s.done());
  }
  if (const std::string* h = stable()) {  // eliminated
    Script s(*h, "已消除");
    const Date clue = A.plus_days(-330);
    s.open(Channel::CadreCheck, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    eliminate(s, clue.plus_days(14 + 190));
    out.push_back(s.done());
  }
  if (const std::string* h = stable()) {  // eliminated, back-check kept
    Script s(*h, "已消除（回头看保持）");
    const Date clue = A.plus_days(-340);
    s.open(Channel::CadreCheck, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    eliminate(s, clue.plus_days(14 + 190));
    s.step(kCounty, Step::BackCheck, A.plus_days(-20), "回头看：收入稳定，保持风险消除");
    out.push_back(s.done());
  }
  if (const std::string* h = stable()) {  // eliminated, rolled back at the back-check
    Script s(*h, "监测中（风险消除回退）");
    const Date clue = A.plus_days(-345);
    s.open(Channel::CadreCheck, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    eliminate(s, clue.plus_days(14 + 190));
    StepInput back;
    back.step = Step::BackCheck;
    back.on = A.plus_days(-20);
    back.rollback = true;
    back.note = "户主再次住院，出现大额医疗支出";
    s.step(kCounty, back);
    out.push_back(s.done());
  }
  if (const std::string* h = stable()) {  // eliminated over a year ago: back-check overdue
    Script s(*h, "已消除（回头看超期）");
    const Date clue = A.plus_days(-600);
    s.open(Channel::CadreCheck, clue, "意外事故");
    identify(s, clue, 10, true);
    assist_stable(s, clue.plus_days(14));
    eliminate(s, clue.plus_days(14 + 190));
    out.push_back(s.done());
  }
  return out;
}

}  // namespace fangpin::demo
