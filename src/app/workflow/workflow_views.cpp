#include "app/workflow/workflow_views.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "domain/resident_id.h"
#include "domain/workflow/monitoring.h"

namespace fangpin::app {

using namespace workflow;

Json case_view(const CaseRecord& r) {
  Json j;
  j["case_id"] = r.c.id;
  j["version"] = r.version;
  j["state"] = r.c.state_label();
  const auto next = r.c.next_step();
  j["next_step"] = next ? Json(std::string(label(*next))) : Json(nullptr);
  const Json body = case_to_json(r.c);
  for (const auto& [k, v] : body.items()) j[k] = v;
  return j;
}

Json case_list_view(const CaseRecord& r) {
  Json j;
  j["case_id"] = r.c.id;
  j["household_id"] = r.c.household_id;
  j["region_code"] = r.c.region_code;
  j["status"] = std::string(label(r.c.status));
  j["state"] = r.c.state_label();
  j["version"] = r.version;
  return j;
}

Json case_list_item_view(const CaseListItem& item) {
  Json j = case_list_view(item.record);
  const Case& c = item.record.c;
  j["head_name"] = item.head_name;
  j["caseworker"] = c.caseworker;  // "" until one is assigned, as in case_view
  const auto next = c.next_step();
  j["next_step"] = next ? Json(std::string(label(*next))) : Json(nullptr);
  j["overdue"] = item.overdue;
  return j;
}

Json case_show_view(const CaseRecord& r, std::span<const AuditEvent> events) {
  Json j = case_view(r);
  j["audit"] = audit_events_view(events);
  return j;
}

Json audit_events_view(std::span<const AuditEvent> events) {
  Json ev = Json::array();
  for (const auto& e : events) {
    Json x;
    x["seq"] = e.seq;
    x["at"] = e.at;
    x["on"] = e.on;
    x["actor"] = e.actor;
    x["role"] = e.role;
    x["action"] = e.action;
    x["hash"] = e.hash;
    ev.push_back(x);
  }
  return ev;
}

Json due_view(const DueRow& r) {
  Json j;
  j["case_id"] = r.case_id;
  j["household_id"] = r.household_id;
  j["region_code"] = r.region_code;
  j["state"] = r.state;
  j["item"] = r.item.what;
  j["due"] = r.item.due.iso();
  j["days_left"] = r.days_left;
  j["overdue"] = r.overdue;
  j["rule"] = r.item.rule;
  return j;
}

Json eligibility_view(const EligibilityRow& r) {
  Json j;
  j["case_id"] = r.case_id;
  j["household_id"] = r.household_id;
  j["region_code"] = r.region_code;
  j["eligible"] = r.eligibility.eligible();
  Json failed = Json::array();
  Json criteria = Json::array();
  for (const auto& c : r.eligibility.criteria) {
    if (!c.met) failed.push_back(c.name);
    criteria.push_back(Json{{"name", c.name}, {"met", c.met}, {"detail", c.detail}});
  }
  j["failed"] = failed;
  j["criteria"] = criteria;
  return j;
}

Json backcheck_view(const BackcheckRow& r) {
  Json j;
  j["case_id"] = r.case_id;
  j["household_id"] = r.household_id;
  j["region_code"] = r.region_code;
  j["eliminated_on"] = r.eliminated_on;
  j["suggestion"] = r.findings.empty() ? "保持" : "风险消除回退";
  j["findings"] = r.findings;
  return j;
}

Json quality_view(const QualityRow& r) {
  Json j;
  j["case_id"] = r.case_id;
  j["household_id"] = r.household_id;
  j["region_code"] = r.region_code;
  j["flag"] = std::string(label(r.flag.kind));
  j["detail"] = r.flag.detail;
  j["found_on"] = r.flag.found_on.iso();
  j["rectified_on"] = r.flag.rectified_on ? Json(r.flag.rectified_on->iso()) : Json(nullptr);
  return j;
}

Json chain_check_view(const ChainCheck& r) {
  Json j;
  j["ok"] = r.ok();
  j["events"] = r.events;
  j["first_broken"] = r.first_broken ? Json(*r.first_broken) : Json(nullptr);
  j["problem"] = r.problem;
  return j;
}

Result<Json> with_case_guidance(Json view, const Case& c, Role caller, const WorkflowParams& params,
                                const WorkCalendar& cal) {
  Json allowed = Json::array();
  for (const StepOption& o : available_steps(c))
    if (o.roles.has(caller)) allowed.push_back(std::string(label(o.step)));
  view["allowed_steps"] = std::move(allowed);
  auto earliest = notice_earliest_end(c, params, cal);
  if (!earliest) return earliest.error();
  view["notice_earliest_end"] = *earliest ? Json((*earliest)->iso()) : Json(nullptr);
  std::vector<bool> reason_addressed(kRiskReasonCount, false);
  Json* measures = view.contains("measures") && view["measures"].is_array() ? &view["measures"] : nullptr;
  for (std::size_t i = 0; i < c.measures.size(); ++i) {
    Json addresses = Json::array();
    for (int r = 0; r < kRiskReasonCount; ++r) {
      const auto reason = static_cast<RiskReason>(r);
      if (!c.reasons.has(reason)) continue;
      const auto ok = addressing_measures(reason);
      if (std::find(ok.begin(), ok.end(), c.measures[i].category) == ok.end()) continue;
      addresses.push_back(std::string(label(reason)));
      reason_addressed[static_cast<std::size_t>(r)] = true;
    }
    if (measures && i < measures->size()) (*measures)[i]["addresses"] = std::move(addresses);
  }
  Json unaddressed = Json::array();
  for (int r = 0; r < kRiskReasonCount; ++r)
    if (c.reasons.has(static_cast<RiskReason>(r)) && !reason_addressed[static_cast<std::size_t>(r)])
      unaddressed.push_back(std::string(label(static_cast<RiskReason>(r))));
  view["unaddressed_reasons"] = std::move(unaddressed);
  return view;
}

Json with_notes_masked(Json view) {
  if (view.is_array()) {
    for (Json& item : view) item = with_notes_masked(std::move(item));
  } else if (view.is_object()) {
    for (auto& [key, value] : view.items()) {
      const bool free_text = key == "clue_note" || key == "note" || key == "text" || key == "closed_reason";
      if (free_text && value.is_string()) value = mask_personal_numbers(value.get<std::string>());
      else value = with_notes_masked(std::move(value));
    }
  }
  return view;
}

}  // namespace fangpin::app
