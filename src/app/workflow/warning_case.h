// 纳入 → case (SPEC §6 → §7): a department warning verified 纳入 enters the identification
// procedure as a 部门预警 clue. The verification and the case opening are one unit of work:
// both are stored or neither.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/workflow/workflow_service.h"
#include "domain/result.h"
#include "store/database.h"
#include "store/screening_store.h"

namespace fangpin::app {

struct WarningCase {
  std::int64_t id = 0;
  bool existing = false;  // the household already had an active case: no second one
};

// Opens a 部门预警 case (线索登记) for `household_id`, registered by `actor`, unless the
// household already has an active case (at most one per household): then that one is
// returned with existing = true. Joins the caller's transaction.
Result<WarningCase> open_case_for_warning(WorkflowEnv& env, const workflow::Actor& actor,
                                          const std::string& household_id, const Date& clue_date,
                                          const std::string& note);

// 核实结论 of one warning.
struct WarningVerdict {
  std::int64_t id = 0;
  std::string result;  // 纳入 / 不纳入 / 已在监测 (screening::kVerifyResults)
  std::string date;    // YYYY-MM-DD
  std::string note;    // optional: added to the case's clue note, and to the access-log event
};

struct VerifiedWarning {
  store::WarningRecord warning;
  std::optional<WarningCase> opened;  // set when a case was asked for and the result is 纳入
};

// In one db.transaction: stores the 核实结论 by `actor` (screening::verify_warning: Invalid
// for a bad result/date, NotFound for an unknown warning, Conflict if already verified)
// and, when `env` is given and the result is 纳入, opens the case — clue date = the
// warning's dispatch_by (its verification date if none), note app::warning_case_note,
// registered by `actor`. With `access_at` set, the verification is also recorded in the
// access log (warning.verify) in the same transaction. If the case cannot be opened nothing
// is stored and the error says why (an Invalid cause comes back as FailedPrecondition: the
// request itself was valid). `env` must work on db's stores.
Result<VerifiedWarning> verify_warning_into_case(store::Database& db, WorkflowEnv* env, const workflow::Actor& actor,
                                                 const WarningVerdict& verdict,
                                                 const std::optional<std::string>& access_at = std::nullopt);

}  // namespace fangpin::app
