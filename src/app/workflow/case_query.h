// The case list behind `GET /api/v1/cases`: every filter a work list needs (region, status,
// state, channel, caseworker, overdue, 户主姓名), counted and paged in one place so every
// adapter lists cases the same way.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "app/registry_view.h"
#include "app/workflow/workflow_service.h"

namespace fangpin::app {

struct CaseQuery {
  std::string region_prefix;  // the effective prefix (already intersected with the caller's scope)
  std::optional<workflow::CaseStatus> status;
  std::string state;          // a state label as Case::state_label() gives it; "" = any
  std::optional<workflow::Channel> channel;
  std::string caseworker;     // non-empty: only the cases of this 帮扶责任人
  bool overdue_only = false;  // only cases with an obligation overdue as of `as_of` (due_list semantics)
  Date as_of;                 // the date `overdue` is judged on
  std::string head_name_contains;  // substring of the household's 户主姓名; "" = any
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct CaseListItem {
  CaseRecord record;
  std::string head_name;  // "" when the household is no longer in the registry
  bool overdue = false;   // an obligation overdue as of the query's as_of
};

struct CasePage {
  std::size_t total = 0;  // matching cases before paging
  std::vector<CaseListItem> items;
};

// The matching cases in case-id order, `limit` of them from `offset`. Head names come from
// `names` (an in-memory registry snapshot) when given, else — and for a household newer than
// the snapshot — from the store.
Result<CasePage> find_cases(WorkflowEnv& env, const CaseQuery& q, const LoadedRegistry* names = nullptr);

}  // namespace fangpin::app
