#include "app/workflow/workflow_views.h"

#include <string>
#include <string_view>

#include "domain/resident_id.h"

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
