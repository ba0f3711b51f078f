// The step table (SPEC §7, §9): for every step, who may take it, what state the case must
// be in, and what it does. apply_step checks the actor and the date, then runs the row.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "domain/workflow/case.h"
#include "domain/workflow/case_rules.h"

namespace fangpin::workflow {

namespace {

using detail::is_notice_end;
using detail::notice_name;
using detail::record;

// Everything a row's functions see.
struct StepCall {
  const Case& c;
  const Actor& actor;
  const StepInput& in;
  const WorkflowParams& params;
  const WorkCalendar& cal;
  std::optional<Step> next;  // c.next_step()
  std::string_view what;     // label(in.step)
};

using Precondition = Status (*)(const StepCall&);
using Effect = Result<Case> (*)(const StepCall&);

struct StepRule {
  Step step;
  RoleSet roles;              // empty: Reject (the role of the pending step, and 县级)
  Precondition precondition;  // the state the case must be in
  Effect effect;              // the new case (further checks of the input first)
};

Status need_note(const StepCall& s, std::string_view why) {
  if (s.in.note.empty()) return invalid(fmt::format("“{}”须填写{}", s.what, why), "note");
  return Ok{};
}

// Closes the case's running procedure (no pending step, no 公示).
void stop_procedure(Case& c) {
  c.progress = 0;
  c.notice_start.reset();
  c.notice_suspended = false;
}

// ---- preconditions ---------------------------------------------------------------------

// Procedure steps: strictly in order.
Status in_order(const StepCall& s) {
  if (!s.next)
    return failed_precondition(fmt::format("案件状态为“{}”，不能办理“{}”", s.c.state_label(), s.what), "step");
  if (*s.next != s.in.step)
    return failed_precondition(fmt::format("步骤顺序错误：案件当前“{}”，应先办理“{}”，不能办理“{}”",
                                           s.c.state_label(), label(*s.next), s.what),
                               "step");
  return Ok{};
}

Status in_notice(const StepCall& s) {
  if (!s.next || !is_notice_end(*s.next))
    return failed_precondition(fmt::format("案件状态为“{}”，不在公示期，不能登记异议", s.c.state_label()), "step");
  if (s.c.notice_suspended) return failed_precondition("公示已因异议暂停，须先办理“异议处理”", "step");
  return Ok{};
}

Status objection_pending(const StepCall& s) {
  if (!s.c.notice_suspended) return failed_precondition("没有待处理的公示异议", "step");
  return Ok{};
}

Status step_pending(const StepCall&) { return Ok{}; }  // checked before the roles (see roles_for)

Status eliminated(const StepCall& s) {
  if (s.c.status != CaseStatus::Eliminated)
    return failed_precondition(fmt::format("回头看针对已消除风险的案件，本案状态为“{}”", s.c.state_label()), "step");
  return Ok{};
}

Status removable(const StepCall& s) {
  const auto st = s.c.status;
  if (st != CaseStatus::Monitored && st != CaseStatus::Eliminated && st != CaseStatus::Eliminating)
    return failed_precondition(fmt::format("清退针对监测或已消除的案件，本案状态为“{}”", s.c.state_label()), "step");
  return Ok{};
}

Status monitored_for_type_change(const StepCall& s) {
  if (s.c.status != CaseStatus::Monitored)
    return failed_precondition(fmt::format("类型变更针对监测中的案件，本案状态为“{}”", s.c.state_label()), "step");
  return Ok{};
}

Status monitored_for_nomination(const StepCall& s) {
  if (s.c.status != CaseStatus::Monitored)
    return failed_precondition(fmt::format("风险消除提名针对监测中的案件，本案状态为“{}”", s.c.state_label()),
                               "step");
  return Ok{};
}

// ---- effects ---------------------------------------------------------------------------

Result<Case> advance_with(const StepCall& s, Case out, std::string note) {
  ++out.progress;
  record(out, s.in.step, s.in.on, s.actor, std::move(note), s.in.documents);
  return out;
}

Result<Case> advance(const StepCall& s) { return advance_with(s, s.c, s.in.note); }

Result<Case> notice_start(const StepCall& s) {
  Case out = s.c;
  out.notice_start = s.in.on;
  out.notice_suspended = false;
  return advance_with(s, std::move(out), s.in.note);
}

// SPEC §7: a 公示 runs at least `notice_min` (5 working days) and not while an objection is pending.
Result<Case> notice_end(const StepCall& s) {
  if (s.c.notice_suspended)
    return failed_precondition(fmt::format("{}因异议暂停，须先办理“异议处理”", notice_name(s.in.step)), "step");
  const Date start = s.c.notice_start.value_or(s.c.last_date());
  auto earliest = due_date(s.cal, start, s.params.notice_min);
  if (!earliest) return earliest.error();
  if (s.in.on < *earliest) {
    const auto days = (s.in.on.to_days() - start.to_days()).count();
    return refused(fmt::format("{}自 {} 起仅 {} 天，须不少于 {}，最早 {} 可结束", notice_name(s.in.step), start.iso(),
                               days, s.params.notice_min.text(), earliest->iso()),
                   "date");
  }
  Case out = s.c;
  out.notice_start.reset();
  const std::string& note = s.in.note;
  return advance_with(s, std::move(out),
                      fmt::format("公示 {} 至 {}{}{}", start.iso(), s.in.on.iso(), note.empty() ? "" : "；", note));
}

// 信息比对: a negative-list hit rejects; otherwise the assessment's suggestion is recorded.
Result<Case> comparison(const StepCall& s) {
  const StepInput& in = s.in;
  Case out = s.c;
  if (!in.negative_hits.empty()) {
    std::string hits;
    for (const auto& h : in.negative_hits) hits += (hits.empty() ? "" : "、") + h;
    out.status = CaseStatus::Rejected;
    out.closed_on = in.on;
    out.closed_reason = "信息比对命中负面清单：" + hits;
    out.progress = 0;
    record(out, in.step, in.on, s.actor, out.closed_reason, in.documents);
    return out;
  }
  out.suggested_type = in.suggested_type;
  out.suggested_reasons = in.suggested_reasons;
  const std::string tail = in.note.empty() ? "" : "；" + in.note;
  std::string note;
  if (!in.assessed) note = "未能评估（缺少年度收支），由评议确定" + tail;
  else if (!in.suggested_type) note = "评估未达监测标准，请评议时核实" + tail;
  else note = fmt::format("建议类型 {}，风险原因 {}{}", label(*in.suggested_type), reasons_text(in.suggested_reasons), tail);
  return advance_with(s, std::move(out), std::move(note));
}

// 县级审定: the cadres confirm or change the suggestion; monitoring starts.
Result<Case> county_approval(const StepCall& s) {
  const Case& c = s.c;
  const auto type = s.in.type ? s.in.type : c.suggested_type;
  const auto reasons = s.in.reasons ? *s.in.reasons : c.suggested_reasons;
  if (!type) return invalid("县级审定须确定监测对象类型，信息比对未给出建议", "type");
  if (reasons.empty()) return invalid("县级审定须确定风险原因，信息比对未给出建议", "reasons");
  std::string decided = fmt::format("认定为 {}，风险原因 {}", label(*type), reasons_text(reasons));
  if (type != c.suggested_type || !(reasons == c.suggested_reasons)) {
    decided += fmt::format("（调整了系统建议：{}，{}）", c.suggested_type ? label(*c.suggested_type) : "无",
                           c.suggested_reasons.empty() ? "无" : reasons_text(c.suggested_reasons));
  }
  Case out = c;
  out.type = type;
  out.reasons = reasons;
  out.status = CaseStatus::Monitored;
  out.approved_on = s.in.on;
  out.progress = 0;
  record(out, s.in.step, s.in.on, s.actor, decided + (s.in.note.empty() ? "" : "；" + s.in.note), s.in.documents);
  return out;
}

// 消除提名: only when every SPEC §9 criterion holds (the application fills the failures).
Result<Case> nominate(const StepCall& s) {
  if (!s.in.eligibility_failures.empty()) {
    std::string list;
    for (const auto& f : s.in.eligibility_failures) list += (list.empty() ? "" : "；") + f;
    return refused("不符合风险消除条件：" + list, "eligibility");
  }
  Case out = s.c;
  out.status = CaseStatus::Eliminating;
  out.progress = 1;
  record(out, s.in.step, s.in.on, s.actor, s.in.note, s.in.documents);
  return out;
}

// 消除入户评估: the household head's signed form, or a note saying why there is none.
Result<Case> elimination_visit(const StepCall& s) {
  if (s.in.documents.empty() && s.in.note.empty())
    return invalid("消除入户评估须附户主签字的风险消除评估表或说明", "documents");
  return advance(s);
}

Result<Case> elimination_approval(const StepCall& s) {
  Case out = s.c;
  out.status = CaseStatus::Eliminated;
  out.eliminated_on = s.in.on;
  out.progress = 0;
  record(out, s.in.step, s.in.on, s.actor, s.in.note.empty() ? "标注风险消除" : s.in.note, s.in.documents);
  return out;
}

Result<Case> objection(const StepCall& s) {
  if (auto n = need_note(s, "异议内容"); !n) return n.error();
  Case out = s.c;
  out.notice_suspended = true;
  record(out, s.in.step, s.in.on, s.actor, s.in.note, s.in.documents);
  return out;
}

Result<Case> objection_resolved(const StepCall& s) {
  if (auto n = need_note(s, "处理结果说明"); !n) return n.error();
  Case out = s.c;
  out.notice_suspended = false;
  record(out, s.in.step, s.in.on, s.actor, s.in.note, s.in.documents);
  return out;
}

// 驳回: identification ends rejected; a rejected elimination leaves the household monitored.
Result<Case> reject(const StepCall& s) {
  if (auto n = need_note(s, "驳回理由"); !n) return n.error();
  Case out = s.c;
  if (s.c.status == CaseStatus::Identifying) {
    out.status = CaseStatus::Rejected;
    out.closed_on = s.in.on;
    out.closed_reason = s.in.note;
  } else {
    out.status = CaseStatus::Monitored;
  }
  stop_procedure(out);
  record(out, s.in.step, s.in.on, s.actor, fmt::format("驳回于“{}”：{}", label(*s.next), s.in.note), s.in.documents);
  return out;
}

// 回头看: keep the elimination, or roll it back (风险消除回退) with the reasons.
Result<Case> back_check(const StepCall& s) {
  Case out = s.c;
  std::string note = s.in.note;
  if (s.in.rollback) {
    if (auto n = need_note(s, "回退原因"); !n) return n.error();
    out.status = CaseStatus::Monitored;
    out.eliminated_on.reset();
    ++out.rollbacks;
    note = "风险消除回退：" + note;
  } else if (note.empty()) {
    note = "保持风险消除";
  }
  out.last_backcheck = s.in.on;
  record(out, s.in.step, s.in.on, s.actor, std::move(note), s.in.documents);
  return out;
}

Result<Case> removal(const StepCall& s) {
  if (auto n = need_note(s, "清退原因"); !n) return n.error();
  Case out = s.c;
  out.status = CaseStatus::Removed;
  stop_procedure(out);
  out.closed_on = s.in.on;
  out.closed_reason = s.in.note;
  record(out, s.in.step, s.in.on, s.actor, s.in.note, s.in.documents);
  return out;
}

// 类型变更: a new type and/or new risk reasons, each change recorded "旧 → 新".
Result<Case> type_change(const StepCall& s) {
  const StepInput& in = s.in;
  const Case& c = s.c;
  if (!in.type && !in.reasons) return invalid("类型变更须给出新的类型或风险原因", "type");
  if (auto n = need_note(s, "变更理由"); !n) return n.error();
  Case out = c;
  std::string change;
  if (in.type && in.type != c.type) {
    change += fmt::format("类型 {} → {}；", c.type ? label(*c.type) : "无", label(*in.type));
    out.type = in.type;
  }
  if (in.reasons && !(*in.reasons == c.reasons)) {
    if (in.reasons->empty()) return invalid("风险原因不能为空", "reasons");
    change += fmt::format("风险原因 {} → {}；", reasons_text(c.reasons), reasons_text(*in.reasons));
    out.reasons = *in.reasons;
  }
  if (change.empty()) return invalid("类型与风险原因均未改变", "type");
  record(out, in.step, in.on, s.actor, change + in.note, in.documents);
  return out;
}

// ---- the table -------------------------------------------------------------------------

using enum Role;
constexpr RoleSet kVillage{Village}, kTownship{Township}, kCounty{County};
constexpr RoleSet kReviewers{Township, County}, kNoticeCadres{Village, Township};

constexpr std::array<StepRule, 25> kSteps{{
    // SPEC §7 identification
    {Step::Visit, kVillage, in_order, advance},
    {Step::Commitment, kVillage, in_order, advance},
    {Step::Comparison, kReviewers, in_order, comparison},
    {Step::VillageAppraisal, kVillage, in_order, advance},
    {Step::VillageNotice, kVillage, in_order, notice_start},
    {Step::VillageNoticeEnd, kVillage, in_order, notice_end},
    {Step::TownshipReview, kTownship, in_order, advance},
    {Step::TownshipNotice, kTownship, in_order, notice_start},
    {Step::TownshipNoticeEnd, kTownship, in_order, notice_end},
    {Step::CountyApproval, kCounty, in_order, county_approval},
    // SPEC §9 elimination
    {Step::ElimNominate, kVillage, monitored_for_nomination, nominate},
    {Step::ElimVisit, kVillage, in_order, elimination_visit},
    {Step::ElimVillageAppraisal, kVillage, in_order, advance},
    {Step::ElimVillageNotice, kVillage, in_order, notice_start},
    {Step::ElimVillageNoticeEnd, kVillage, in_order, notice_end},
    {Step::ElimTownshipReview, kTownship, in_order, advance},
    {Step::ElimTownshipNotice, kTownship, in_order, notice_start},
    {Step::ElimTownshipNoticeEnd, kTownship, in_order, notice_end},
    {Step::ElimCountyApproval, kCounty, in_order, elimination_approval},
    // at any time they apply
    {Step::Objection, kNoticeCadres, in_notice, objection},
    {Step::ObjectionResolved, kNoticeCadres, objection_pending, objection_resolved},
    {Step::Reject, {}, step_pending, reject},
    {Step::BackCheck, kReviewers, eliminated, back_check},
    {Step::Removal, kCounty, removable, removal},
    {Step::TypeChange, kCounty, monitored_for_type_change, type_change},
}};

constexpr bool table_in_step_order() {
  for (std::size_t i = 0; i < kSteps.size(); ++i)
    if (static_cast<std::size_t>(kSteps[i].step) != i) return false;
  return true;
}
static_assert(table_in_step_order(), "kSteps rows must follow the Step enum");

const StepRule& rule_of(Step s) { return kSteps[static_cast<std::size_t>(s)]; }

// Reject: the role of the pending step may reject, and the county always; with no pending
// step there is nothing to reject (refused before the role is looked at).
Result<RoleSet> roles_for(const StepCall& s) {
  const StepRule& rule = rule_of(s.in.step);
  if (s.in.step != Step::Reject) return rule.roles;
  if (!s.next)
    return failed_precondition(fmt::format("案件状态为“{}”，没有可驳回的办理步骤", s.c.state_label()), "step");
  RoleSet roles = rule_of(*s.next).roles;
  roles.bits |= RoleSet{County}.bits;
  return roles;
}

}  // namespace

RoleSet allowed_roles(Step s) { return rule_of(s).roles; }

std::vector<StepOption> available_steps(const Case& c) {
  // The preconditions read only the case, the step and the pending step; the actor, the
  // parameters and the calendar are not looked at before an effect runs.
  static const WorkflowParams kParams{};
  static const WorkCalendar kCalendar{};
  const Actor nobody{};
  std::vector<StepOption> out;
  for (const StepRule& rule : kSteps) {
    StepInput in;
    in.step = rule.step;
    const StepCall call{c, nobody, in, kParams, kCalendar, c.next_step(), label(rule.step)};
    auto roles = roles_for(call);
    if (!roles || !rule.precondition(call)) continue;
    out.push_back({rule.step, *roles});
  }
  return out;
}

Result<std::optional<Date>> notice_earliest_end(const Case& c, const WorkflowParams& params, const WorkCalendar& cal) {
  const auto next = c.next_step();
  if (!c.notice_start || !next || !is_notice_end(*next)) return std::optional<Date>{};
  auto earliest = due_date(cal, *c.notice_start, params.notice_min);
  if (!earliest) return earliest.error();
  return std::optional<Date>{*earliest};
}

Result<Case> apply_step(const Case& c, const Actor& actor, const StepInput& in, const WorkflowParams& params,
                        const WorkCalendar& cal) {
  const StepCall call{c, actor, in, params, cal, c.next_step(), label(in.step)};
  auto roles = roles_for(call);
  if (!roles) return roles.error();
  if (auto s = detail::check_actor(c, actor, call.what, *roles); !s) return s.error();
  if (auto s = detail::check_date(c, in.on, call.what); !s) return s.error();
  const StepRule& rule = rule_of(in.step);
  if (auto s = rule.precondition(call); !s) return s.error();
  return rule.effect(call);
}

}  // namespace fangpin::workflow
