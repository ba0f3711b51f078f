#include "domain/workflow/case.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "domain/workflow/case_rules.h"

namespace fangpin::workflow {

namespace {

constexpr std::array<std::string_view, 4> kChannels{"自主申报", "干部排查", "部门预警", "舆情信访"};
constexpr std::array<std::string_view, 6> kStatuses{"识别中", "监测中", "风险消除中", "已消除", "已驳回", "已清退"};
constexpr std::array<std::string_view, 25> kSteps{
    "入户核查", "承诺授权书", "信息比对", "村级评议", "村级公示", "村级公示结束", "乡镇审核", "乡镇公示",
    "乡镇公示结束", "县级审定", "消除提名", "消除入户评估", "消除村级评议", "消除村级公示", "消除村级公示结束",
    "消除乡镇审核", "消除乡镇公示", "消除乡镇公示结束", "消除县级审定", "公示异议", "异议处理", "驳回",
    "回头看", "清退", "类型变更"};
constexpr std::array<std::string_view, kMeasureCategoryCount> kCategories{
    "产业帮扶", "就业帮扶", "公益岗位", "金融帮扶", "健康帮扶", "教育帮扶", "住房安全保障", "饮水安全保障",
    "综合保障", "社会帮扶", "防贫保险", "生产生活条件改善", "基础设施", "协调子女赡养", "扶志扶智"};

template <class E, std::size_t N>
std::optional<E> find_label(const std::array<std::string_view, N>& labels, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (labels[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<Step, 10> kIdentification{
    Step::Visit,          Step::Commitment,     Step::Comparison,        Step::VillageAppraisal,
    Step::VillageNotice,  Step::VillageNoticeEnd, Step::TownshipReview, Step::TownshipNotice,
    Step::TownshipNoticeEnd, Step::CountyApproval};
constexpr std::array<Step, 9> kElimination{
    Step::ElimNominate,        Step::ElimVisit,          Step::ElimVillageAppraisal,
    Step::ElimVillageNotice,   Step::ElimVillageNoticeEnd, Step::ElimTownshipReview,
    Step::ElimTownshipNotice,  Step::ElimTownshipNoticeEnd, Step::ElimCountyApproval};

std::span<const Step> procedure(CaseStatus s) {
  if (s == CaseStatus::Identifying) return kIdentification;
  if (s == CaseStatus::Eliminating) return kElimination;
  return {};
}

}  // namespace

namespace detail {

bool is_notice_end(Step s) {
  return s == Step::VillageNoticeEnd || s == Step::TownshipNoticeEnd || s == Step::ElimVillageNoticeEnd ||
         s == Step::ElimTownshipNoticeEnd;
}

std::string_view notice_name(Step end) {
  switch (end) {
    case Step::VillageNoticeEnd: return "村级公示";
    case Step::TownshipNoticeEnd: return "乡镇公示";
    case Step::ElimVillageNoticeEnd: return "消除村级公示";
    default: return "消除乡镇公示";
  }
}

std::string roles_text(RoleSet roles) {
  // The order the messages have always used: the caseworker, then village up to county.
  constexpr Role kOrder[kRoleCount] = {Role::Caseworker, Role::Village,    Role::Township, Role::County,
                                       Role::DeptData,   Role::Supervisor, Role::Admin};
  std::string out;
  for (Role r : kOrder) {
    if (!roles.has(r)) continue;
    if (!out.empty()) out += "、";
    out += label(r);
  }
  return out;
}

// Role and region scope; 督导 is read-only and 系统管理员 administers accounts, not cases.
Status check_actor(const Case& c, const Actor& actor, std::string_view what, RoleSet allowed) {
  if (actor.name.empty()) return invalid("未指明办理人", "user");
  if (!allowed.has(actor.role))
    return permission_denied(fmt::format("角色 {} 无权办理“{}”（限 {}）", label(actor.role), what, roles_text(allowed)),
                             "role");
  if (!actor.scope.empty() && !c.region_code.starts_with(actor.scope))
    return permission_denied(fmt::format("案件所在区划 {} 不在办理人辖区 {} 内", c.region_code, actor.scope), "region");
  return Ok{};
}

Status check_actor(const Case& c, const Actor& actor, Action action) {
  const Permission& p = permission(action);
  return check_actor(c, actor, p.name, p.roles);
}

Status check_date(const Case& c, const Date& on, std::string_view what) {
  if (on < c.last_date())
    return failed_precondition(
        fmt::format("“{}”的日期 {} 早于案件上一记录日期 {}", what, on.iso(), c.last_date().iso()), "date");
  return Ok{};
}

void record(Case& c, Step step, const Date& on, const Actor& actor, std::string note,
            std::vector<std::string> documents) {
  c.history.push_back(StepRecord{step, on, actor.name, actor.role, std::move(note), std::move(documents)});
}

}  // namespace detail

std::string_view label(Channel c) { return kChannels[static_cast<std::size_t>(c)]; }
std::optional<Channel> parse_channel(std::string_view s) {
  if (s == "农户自主申报") return Channel::SelfApplication;
  if (s == "基层干部排查") return Channel::CadreCheck;
  if (s == "部门筛查预警") return Channel::DepartmentWarning;
  if (s == "舆情信访研判") return Channel::PublicOpinion;
  return find_label<Channel>(kChannels, s);
}
std::string_view label(CaseStatus s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::optional<CaseStatus> parse_case_status(std::string_view s) { return find_label<CaseStatus>(kStatuses, s); }
std::string_view label(Step s) { return kSteps[static_cast<std::size_t>(s)]; }
std::optional<Step> parse_step(std::string_view s) { return find_label<Step>(kSteps, s); }
std::string_view label(MeasureCategory c) { return kCategories[static_cast<std::size_t>(c)]; }
std::optional<MeasureCategory> parse_measure_category(std::string_view s) {
  if (s == "金融帮扶(小额信贷)" || s == "金融帮扶（小额信贷）" || s == "小额信贷") return MeasureCategory::Finance;
  if (s == "健康帮扶(医疗保障/救助)" || s == "医疗保障" || s == "医疗救助") return MeasureCategory::Health;
  if (s == "教育帮扶(资助)" || s == "教育资助") return MeasureCategory::Education;
  if (s == "住房安全保障(危房改造)" || s == "危房改造") return MeasureCategory::Housing;
  if (s == "低保" || s == "特困供养" || s == "临时救助") return MeasureCategory::Welfare;
  return find_label<MeasureCategory>(kCategories, s);
}

std::string reasons_text(EnumSet<RiskReason> r) {
  std::string out;
  for (int i = 0; i < kRiskReasonCount; ++i) {
    if (!r.has(static_cast<RiskReason>(i))) continue;
    if (!out.empty()) out += "、";
    out += label(static_cast<RiskReason>(i));
  }
  return out;
}

std::optional<Step> Case::next_step() const {
  auto steps = procedure(status);
  if (progress < 0 || static_cast<std::size_t>(progress) >= steps.size()) return std::nullopt;
  return steps[static_cast<std::size_t>(progress)];
}

bool Case::active() const {
  return status == CaseStatus::Identifying || status == CaseStatus::Monitored || status == CaseStatus::Eliminating;
}

Date Case::last_date() const { return history.empty() ? clue_date : history.back().on; }

std::string Case::state_label() const {
  auto next = next_step();
  if (!next) return std::string(label(status));
  if (detail::is_notice_end(*next))
    return fmt::format("{}{}", detail::notice_name(*next), notice_suspended ? "暂停（异议待处理）" : "中");
  return fmt::format("待{}", label(*next));
}

Result<Case> open_case(const OpenInput& in, const Actor& actor) {
  Case c;
  c.household_id = in.household_id;
  c.region_code = in.region_code;
  c.channel = in.channel;
  c.clue_date = in.clue_date;
  c.clue_note = in.note;
  if (in.household_id.empty()) return invalid("缺少户编号", "household_id");
  if (auto s = detail::check_actor(c, actor, Action::OpenCase); !s) return s.error();
  return c;
}

namespace {
Status check_monitored(const Case& c, std::string_view what) {
  if (c.status != CaseStatus::Monitored && c.status != CaseStatus::Eliminating)
    return failed_precondition(fmt::format("“{}”针对监测中的案件，本案状态为“{}”", what, c.state_label()), "case");
  return Ok{};
}
// A 帮扶责任人 works on the households assigned to them (once one is assigned).
Status check_own_household(const Case& c, const Actor& actor) {
  if (actor.role == Role::Caseworker && !c.caseworker.empty() && actor.name != c.caseworker)
    return permission_denied(fmt::format("{} 不是本户的帮扶责任人", actor.name), "user");
  return Ok{};
}
}  // namespace

Result<Case> assign_caseworker(const Case& c, const Actor& actor, const std::string& caseworker, const Date& on) {
  const std::string_view what = permission(Action::AssignCaseworker).name;
  if (auto s = detail::check_actor(c, actor, Action::AssignCaseworker); !s) return s.error();
  if (auto s = check_monitored(c, what); !s) return s.error();
  if (auto s = detail::check_date(c, on, what); !s) return s.error();
  if (caseworker.empty()) return invalid("帮扶责任人姓名不能为空", "caseworker");
  // Assistance changes are not procedure steps; the audit trail records them.
  Case out = c;
  out.caseworker = caseworker;
  out.caseworker_on = on;
  return out;
}

Result<Case> set_plan(const Case& c, const Actor& actor, const Plan& plan) {
  const std::string_view what = permission(Action::SetPlan).name;
  if (auto s = detail::check_actor(c, actor, Action::SetPlan); !s) return s.error();
  if (auto s = check_monitored(c, what); !s) return s.error();
  if (auto s = detail::check_date(c, plan.on, what); !s) return s.error();
  if (plan.text.empty()) return invalid("帮扶计划内容不能为空", "text");
  if (c.plan && plan.on < c.plan->revised_on.value_or(c.plan->on))
    return failed_precondition(fmt::format("计划日期 {} 早于现有计划的日期", plan.on.iso()), "date");
  if (auto s = check_own_household(c, actor); !s) return s.error();
  Case out = c;
  out.plan = plan;
  if (c.plan) {
    out.plan->on = c.plan->on;
    out.plan->revised_on = plan.on;
  }
  return out;
}

Result<Case> add_measure(const Case& c, const Actor& actor, Measure m) {
  if (auto s = detail::check_actor(c, actor, Action::AddMeasure); !s) return s.error();
  if (auto s = check_monitored(c, permission(Action::AddMeasure).name); !s) return s.error();
  if (c.approved_on && m.start < *c.approved_on)
    return failed_precondition(
        fmt::format("措施开始日期 {} 早于县级审定日期 {}", m.start.iso(), c.approved_on->iso()), "start");
  if (m.amount < 0) return invalid("金额不能为负", "amount");
  if (m.unit.empty()) return invalid("须填写责任单位", "unit");
  if (auto s = check_own_household(c, actor); !s) return s.error();
  Case out = c;
  m.id = static_cast<int>(c.measures.size()) + 1;
  out.measures.push_back(std::move(m));
  return out;
}

std::optional<RegistryMonitor> registry_monitor(const Case& c) {
  switch (c.status) {
    case CaseStatus::Monitored:
    case CaseStatus::Eliminating:  // still monitored until 消除县级审定
      return RegistryMonitor{c.type, MonitorStatus::Monitored};
    case CaseStatus::Eliminated: return RegistryMonitor{c.type, MonitorStatus::Eliminated};
    case CaseStatus::Removed: return RegistryMonitor{std::nullopt, MonitorStatus::Removed};
    case CaseStatus::Identifying:
    case CaseStatus::Rejected: break;
  }
  return std::nullopt;
}

}  // namespace fangpin::workflow
