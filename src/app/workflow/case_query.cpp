#include "app/workflow/case_query.h"

#include <unordered_map>

namespace fangpin::app {

using namespace workflow;

namespace {

// 户主姓名 by household id, looked up once per household per query.
class HeadNames {
 public:
  HeadNames(WorkflowEnv& env, const LoadedRegistry* snapshot) : env_(env), snapshot_(snapshot) {}

  Result<std::string> of(const std::string& household_id) {
    if (snapshot_) {
      if (auto it = snapshot_->by_id.find(household_id); it != snapshot_->by_id.end())
        return snapshot_->reg.households[it->second].head_name;
    }
    if (auto it = cache_.find(household_id); it != cache_.end()) return it->second;
    auto found = env_.registry.find_household(household_id);
    if (!found) return found.error();
    std::string name = *found ? (*found)->household.head_name : std::string();
    cache_.emplace(household_id, name);
    return name;
  }

 private:
  WorkflowEnv& env_;
  const LoadedRegistry* snapshot_;
  std::unordered_map<std::string, std::string> cache_;
};

Result<bool> has_overdue(WorkflowEnv& env, const Case& c, const Date& as_of) {
  auto rows = case_due_rows(env, c, as_of, -1);  // -1: overdue items only
  if (!rows) return rows.error();
  return !rows->empty();
}

}  // namespace

Result<CasePage> find_cases(WorkflowEnv& env, const CaseQuery& q, const LoadedRegistry* names) {
  auto records = list_case_records(env, q.region_prefix, q.caseworker);
  if (!records) return records.error();
  HeadNames heads(env, names);
  CasePage page;
  for (CaseRecord& r : *records) {
    const Case& c = r.c;
    if (q.status && c.status != *q.status) continue;
    if (q.channel && c.channel != *q.channel) continue;
    if (!q.state.empty() && c.state_label() != q.state) continue;
    std::optional<std::string> head;
    if (!q.head_name_contains.empty()) {
      auto h = heads.of(c.household_id);
      if (!h) return h.error();
      if (h->find(q.head_name_contains) == std::string::npos) continue;
      head = std::move(*h);
    }
    std::optional<bool> overdue;
    if (q.overdue_only) {
      auto o = has_overdue(env, c, q.as_of);
      if (!o) return o.error();
      if (!*o) continue;
      overdue = true;
    }
    ++page.total;
    if (page.total <= q.offset || page.items.size() >= q.limit) continue;
    // Only the page's items pay for the name and due-date look-ups the filters did not need.
    if (!head) {
      auto h = heads.of(c.household_id);
      if (!h) return h.error();
      head = std::move(*h);
    }
    if (!overdue) {
      auto o = has_overdue(env, c, q.as_of);
      if (!o) return o.error();
      overdue = *o;
    }
    page.items.push_back(CaseListItem{std::move(r), std::move(*head), *overdue});
  }
  return page;
}

}  // namespace fangpin::app
