#include "domain/workflow/case.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

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

bool is_notice_end(Step s) {
  return s == Step::VillageNoticeEnd || s == Step::TownshipNoticeEnd || s == Step::ElimVillageNoticeEnd ||
         s == Step::ElimTownshipNoticeEnd;
}
bool is_notice_start(Step s) {
  return s == Step::VillageNotice || s == Step::TownshipNotice || s == Step::ElimVillageNotice ||
         s == Step::ElimTownshipNotice;
}
// The 公示 a notice-end step closes ("村级公示").
std::string_view notice_name(Step end) {
  switch (end) {
    case Step::VillageNoticeEnd: return "村级公示";
    case Step::TownshipNoticeEnd: return "乡镇公示";
    case Step::ElimVillageNoticeEnd: return "消除村级公示";
    default: return "消除乡镇公示";
  }
}

std::string roles_text(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += "、";
    out += label(r);
  }
  return out;
}

Error refused(std::string message, std::string field = "step") {
  return Error{ErrorKind::Invalid, std::move(message), std::move(field)};
}

// Role and region scope; 督导 is read-only and 系统管理员 administers accounts, not cases.
Status check_actor(const Case& c, const Actor& actor, std::string_view what, const std::vector<Role>& allowed) {
  if (actor.name.empty()) return refused("未指明办理人（--user）", "user");
  if (std::find(allowed.begin(), allowed.end(), actor.role) == allowed.end()) {
    return Error{ErrorKind::Invalid,
                 fmt::format("角色 {} 无权办理“{}”（限 {}）", label(actor.role), what, roles_text(allowed)), "role"};
  }
  if (!actor.scope.empty() && !c.region_code.starts_with(actor.scope)) {
    return Error{ErrorKind::Invalid,
                 fmt::format("案件所在区划 {} 不在办理人辖区 {} 内", c.region_code, actor.scope), "region"};
  }
  return Ok{};
}

Status check_date(const Case& c, const Date& on, std::string_view what) {
  if (on < c.last_date()) {
    return refused(fmt::format("“{}”的日期 {} 早于案件上一记录日期 {}", what, on.iso(), c.last_date().iso()), "date");
  }
  return Ok{};
}

void record(Case& c, Step step, const Date& on, const Actor& actor, std::string note,
            std::vector<std::string> documents) {
  c.history.push_back(StepRecord{step, on, actor.name, actor.role, std::move(note), std::move(documents)});
}

std::span<const Step> procedure(CaseStatus s) {
  if (s == CaseStatus::Identifying) return kIdentification;
  if (s == CaseStatus::Eliminating) return kElimination;
  return {};
}

}  // namespace

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

std::vector<Role> allowed_roles(Step s) {
  switch (s) {
    case Step::Visit: case Step::Commitment: case Step::VillageAppraisal: case Step::VillageNotice:
    case Step::VillageNoticeEnd: case Step::ElimNominate: case Step::ElimVisit: case Step::ElimVillageAppraisal:
    case Step::ElimVillageNotice: case Step::ElimVillageNoticeEnd:
      return {Role::Village};
    case Step::Comparison: return {Role::Township, Role::County};
    case Step::TownshipReview: case Step::TownshipNotice: case Step::TownshipNoticeEnd:
    case Step::ElimTownshipReview: case Step::ElimTownshipNotice: case Step::ElimTownshipNoticeEnd:
      return {Role::Township};
    case Step::CountyApproval: case Step::ElimCountyApproval: case Step::Removal: case Step::TypeChange:
      return {Role::County};
    case Step::Objection: case Step::ObjectionResolved: return {Role::Village, Role::Township};
    case Step::BackCheck: return {Role::Township, Role::County};
    case Step::Reject: return {Role::Village, Role::Township, Role::County};
  }
  return {};
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
  if (is_notice_end(*next))
    return fmt::format("{}{}", notice_name(*next), notice_suspended ? "暂停（异议待处理）" : "中");
  return fmt::format("待{}", label(*next));
}

Result<Case> open_case(const OpenInput& in, const Actor& actor) {
  Case c;
  c.household_id = in.household_id;
  c.region_code = in.region_code;
  c.channel = in.channel;
  c.clue_date = in.clue_date;
  c.clue_note = in.note;
  if (in.household_id.empty()) return refused("缺少户编号", "household_id");
  if (auto s = check_actor(c, actor, "线索登记", {Role::Village, Role::Township, Role::County}); !s)
    return s.error();
  return c;
}

Result<Case> apply_step(const Case& c, const Actor& actor, const StepInput& in, const WorkflowParams& params,
                        const WorkCalendar& cal) {
  const std::string_view what = label(in.step);
  const auto next = c.next_step();

  // Reject: the role of the pending step may reject, and the county always.
  std::vector<Role> roles = allowed_roles(in.step);
  if (in.step == Step::Reject) {
    if (!next) return refused(fmt::format("案件状态为“{}”，没有可驳回的办理步骤", c.state_label()));
    roles = allowed_roles(*next);
    if (std::find(roles.begin(), roles.end(), Role::County) == roles.end()) roles.push_back(Role::County);
  }
  if (auto s = check_actor(c, actor, what, roles); !s) return s.error();
  if (auto s = check_date(c, in.on, what); !s) return s.error();

  Case out = c;
  std::string note = in.note;
  auto need_note = [&](std::string_view why) -> Status {
    if (in.note.empty()) return refused(fmt::format("“{}”须填写{}（--note）", what, why), "note");
    return Ok{};
  };

  switch (in.step) {
    case Step::Objection: {
      if (!next || !is_notice_end(*next)) return refused(fmt::format("案件状态为“{}”，不在公示期，不能登记异议", c.state_label()));
      if (c.notice_suspended) return refused("公示已因异议暂停，须先办理“异议处理”");
      if (auto s = need_note("异议内容"); !s) return s.error();
      out.notice_suspended = true;
      record(out, in.step, in.on, actor, note, in.documents);
      return out;
    }
    case Step::ObjectionResolved: {
      if (!c.notice_suspended) return refused("没有待处理的公示异议");
      if (auto s = need_note("处理结果说明"); !s) return s.error();
      out.notice_suspended = false;
      record(out, in.step, in.on, actor, note, in.documents);
      return out;
    }
    case Step::Reject: {
      if (auto s = need_note("驳回理由"); !s) return s.error();
      if (c.status == CaseStatus::Identifying) {
        out.status = CaseStatus::Rejected;
        out.closed_on = in.on;
        out.closed_reason = note;
      } else {  // elimination not approved: the household stays monitored
        out.status = CaseStatus::Monitored;
      }
      out.progress = 0;
      out.notice_start.reset();
      out.notice_suspended = false;
      record(out, in.step, in.on, actor, fmt::format("驳回于“{}”：{}", label(*next), note), in.documents);
      return out;
    }
    case Step::BackCheck: {
      if (c.status != CaseStatus::Eliminated)
        return refused(fmt::format("回头看针对已消除风险的案件，本案状态为“{}”", c.state_label()));
      if (in.rollback) {
        if (auto s = need_note("回退原因"); !s) return s.error();
        out.status = CaseStatus::Monitored;
        out.eliminated_on.reset();
        ++out.rollbacks;
        note = "风险消除回退：" + note;
      } else if (note.empty()) {
        note = "保持风险消除";
      }
      out.last_backcheck = in.on;
      record(out, in.step, in.on, actor, note, in.documents);
      return out;
    }
    case Step::Removal: {
      if (c.status != CaseStatus::Monitored && c.status != CaseStatus::Eliminated && c.status != CaseStatus::Eliminating)
        return refused(fmt::format("清退针对监测或已消除的案件，本案状态为“{}”", c.state_label()));
      if (auto s = need_note("清退原因"); !s) return s.error();
      out.status = CaseStatus::Removed;
      out.progress = 0;
      out.notice_start.reset();
      out.notice_suspended = false;
      out.closed_on = in.on;
      out.closed_reason = note;
      record(out, in.step, in.on, actor, note, in.documents);
      return out;
    }
    case Step::TypeChange: {
      if (c.status != CaseStatus::Monitored) return refused(fmt::format("类型变更针对监测中的案件，本案状态为“{}”", c.state_label()));
      if (!in.type && !in.reasons) return refused("类型变更须给出新的类型（--type）或风险原因（--reasons）", "type");
      if (auto s = need_note("变更理由"); !s) return s.error();
      std::string change;
      if (in.type && in.type != c.type) {
        change += fmt::format("类型 {} → {}；", c.type ? label(*c.type) : "无", label(*in.type));
        out.type = in.type;
      }
      if (in.reasons && !(*in.reasons == c.reasons)) {
        if (in.reasons->empty()) return refused("风险原因不能为空", "reasons");
        change += fmt::format("风险原因 {} → {}；", reasons_text(c.reasons), reasons_text(*in.reasons));
        out.reasons = *in.reasons;
      }
      if (change.empty()) return refused("类型与风险原因均未改变", "type");
      record(out, in.step, in.on, actor, change + note, in.documents);
      return out;
    }
    default: break;
  }

  // Procedure steps: strictly in order.
  if (in.step == Step::ElimNominate) {
    if (c.status != CaseStatus::Monitored)
      return refused(fmt::format("风险消除提名针对监测中的案件，本案状态为“{}”", c.state_label()));
    if (!in.eligibility_failures.empty()) {
      std::string list;
      for (const auto& f : in.eligibility_failures) list += (list.empty() ? "" : "；") + f;
      return refused("不符合风险消除条件：" + list, "eligibility");
    }
    out.status = CaseStatus::Eliminating;
    out.progress = 1;
    record(out, in.step, in.on, actor, note, in.documents);
    return out;
  }
  if (!next) return refused(fmt::format("案件状态为“{}”，不能办理“{}”", c.state_label(), what));
  if (*next != in.step)
    return refused(fmt::format("步骤顺序错误：案件当前“{}”，应先办理“{}”，不能办理“{}”", c.state_label(), label(*next), what));

  if (is_notice_start(in.step)) {
    out.notice_start = in.on;
    out.notice_suspended = false;
  } else if (is_notice_end(in.step)) {
    if (c.notice_suspended) return refused(fmt::format("{}因异议暂停，须先办理“异议处理”", notice_name(in.step)));
    const Date start = c.notice_start.value_or(c.last_date());
    auto earliest = due_date(cal, start, params.notice_min);
    if (!earliest) return earliest.error();
    if (in.on < *earliest) {
      const auto days = (in.on.to_days() - start.to_days()).count();
      return refused(fmt::format("{}自 {} 起仅 {} 天，须不少于 {}，最早 {} 可结束", notice_name(in.step), start.iso(), days,
                                 params.notice_min.text(), earliest->iso()),
                     "date");
    }
    note = fmt::format("公示 {} 至 {}{}{}", start.iso(), in.on.iso(), note.empty() ? "" : "；", note);
    out.notice_start.reset();
  } else if (in.step == Step::Comparison) {
    if (!in.negative_hits.empty()) {
      std::string hits;
      for (const auto& h : in.negative_hits) hits += (hits.empty() ? "" : "、") + h;
      out.status = CaseStatus::Rejected;
      out.closed_on = in.on;
      out.closed_reason = "信息比对命中负面清单：" + hits;
      out.progress = 0;
      record(out, in.step, in.on, actor, out.closed_reason, in.documents);
      return out;
    }
    out.suggested_type = in.suggested_type;
    out.suggested_reasons = in.suggested_reasons;
    if (!in.assessed) note = "未能评估（缺少年度收支），由评议确定" + std::string(note.empty() ? "" : "；") + note;
    else if (!in.suggested_type) note = "评估未达监测标准，请评议时核实" + std::string(note.empty() ? "" : "；") + note;
    else note = fmt::format("建议类型 {}，风险原因 {}{}{}", label(*in.suggested_type), reasons_text(in.suggested_reasons),
                            note.empty() ? "" : "；", note);
  } else if (in.step == Step::CountyApproval) {
    const auto type = in.type ? in.type : c.suggested_type;
    const auto reasons = in.reasons ? *in.reasons : c.suggested_reasons;
    if (!type) return refused("县级审定须确定监测对象类型（--type），信息比对未给出建议", "type");
    if (reasons.empty()) return refused("县级审定须确定风险原因（--reasons），信息比对未给出建议", "reasons");
    std::string decided = fmt::format("认定为 {}，风险原因 {}", label(*type), reasons_text(reasons));
    if (type != c.suggested_type || !(reasons == c.suggested_reasons)) {
      decided += fmt::format("（调整了系统建议：{}，{}）", c.suggested_type ? label(*c.suggested_type) : "无",
                             c.suggested_reasons.empty() ? "无" : reasons_text(c.suggested_reasons));
    }
    out.type = type;
    out.reasons = reasons;
    out.status = CaseStatus::Monitored;
    out.approved_on = in.on;
    out.progress = 0;
    record(out, in.step, in.on, actor, decided + (note.empty() ? "" : "；" + note), in.documents);
    return out;
  } else if (in.step == Step::ElimVisit) {
    if (in.documents.empty() && note.empty())
      return refused("消除入户评估须附户主签字的风险消除评估表（--doc）或说明（--note）", "documents");
  } else if (in.step == Step::ElimCountyApproval) {
    out.status = CaseStatus::Eliminated;
    out.eliminated_on = in.on;
    out.progress = 0;
    record(out, in.step, in.on, actor, note.empty() ? "标注风险消除" : note, in.documents);
    return out;
  }
  ++out.progress;
  record(out, in.step, in.on, actor, note, in.documents);
  return out;
}

namespace {
Status check_monitored(const Case& c, std::string_view what) {
  if (c.status != CaseStatus::Monitored && c.status != CaseStatus::Eliminating)
    return refused(fmt::format("“{}”针对监测中的案件，本案状态为“{}”", what, c.state_label()), "case");
  return Ok{};
}
}  // namespace

Result<Case> assign_caseworker(const Case& c, const Actor& actor, const std::string& caseworker, const Date& on) {
  if (auto s = check_actor(c, actor, "确定帮扶责任人", {Role::Village, Role::Township, Role::County}); !s) return s.error();
  if (auto s = check_monitored(c, "确定帮扶责任人"); !s) return s.error();
  if (auto s = check_date(c, on, "确定帮扶责任人"); !s) return s.error();
  if (caseworker.empty()) return refused("帮扶责任人姓名不能为空", "caseworker");
  // Assistance changes are not procedure steps; the audit trail records them.
  Case out = c;
  out.caseworker = caseworker;
  out.caseworker_on = on;
  return out;
}

Result<Case> set_plan(const Case& c, const Actor& actor, const Plan& plan) {
  if (auto s = check_actor(c, actor, "帮扶计划", {Role::Caseworker, Role::Village, Role::Township}); !s) return s.error();
  if (auto s = check_monitored(c, "帮扶计划"); !s) return s.error();
  if (auto s = check_date(c, plan.on, "帮扶计划"); !s) return s.error();
  if (plan.text.empty()) return refused("帮扶计划内容不能为空（--text）", "text");
  if (c.plan && plan.on < c.plan->revised_on.value_or(c.plan->on))
    return refused(fmt::format("计划日期 {} 早于现有计划的日期", plan.on.iso()), "date");
  if (actor.role == Role::Caseworker && !c.caseworker.empty() && actor.name != c.caseworker)
    return Error{ErrorKind::Invalid, fmt::format("{} 不是本户的帮扶责任人", actor.name), "user"};
  Case out = c;
  out.plan = plan;
  if (c.plan) {
    out.plan->on = c.plan->on;
    out.plan->revised_on = plan.on;
  }
  return out;
}

Result<Case> add_measure(const Case& c, const Actor& actor, Measure m) {
  if (auto s = check_actor(c, actor, "帮扶措施", {Role::Caseworker, Role::Village, Role::Township, Role::County}); !s)
    return s.error();
  if (auto s = check_monitored(c, "帮扶措施"); !s) return s.error();
  if (c.approved_on && m.start < *c.approved_on)
    return refused(fmt::format("措施开始日期 {} 早于县级审定日期 {}", m.start.iso(), c.approved_on->iso()), "start");
  if (m.amount < 0) return refused("金额不能为负", "amount");
  if (m.unit.empty()) return refused("须填写责任单位（--unit）", "unit");
  if (actor.role == Role::Caseworker && !c.caseworker.empty() && actor.name != c.caseworker)
    return Error{ErrorKind::Invalid, fmt::format("{} 不是本户的帮扶责任人", actor.name), "user"};
  Case out = c;
  m.id = static_cast<int>(c.measures.size()) + 1;
  out.measures.push_back(std::move(m));
  return out;
}

}  // namespace fangpin::workflow
