// Checks shared by the step table (steps.cpp) and the assistance changes (case.cpp).
// Internal to domain/workflow: not part of its public surface.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/permission.h"
#include "domain/workflow/case.h"

namespace fangpin::workflow::detail {

bool is_notice_end(Step s);
// The 公示 a notice-end step closes ("村级公示").
std::string_view notice_name(Step end);

// "帮扶责任人、村级、乡级": the roles of the set, caseworker first, then village up to county.
std::string roles_text(RoleSet roles);

// Who acts (named), in which role (one of `allowed`, else PermissionDenied naming `what`)
// and where (the case's region within the actor's scope).
Status check_actor(const Case& c, const Actor& actor, std::string_view what, RoleSet allowed);
// The same, with the roles and the name of a row of the permission table.
Status check_actor(const Case& c, const Actor& actor, Action action);

// A change may not be dated before the case's latest record.
Status check_date(const Case& c, const Date& on, std::string_view what);

void record(Case& c, Step step, const Date& on, const Actor& actor, std::string note,
            std::vector<std::string> documents);

}  // namespace fangpin::workflow::detail
