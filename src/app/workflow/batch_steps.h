// Batch steps (list work, SPEC §7/§9): 村级评议 and 公示 are held for a list of households at
// one meeting or on one notice board, and the township's 请示 with its 名单 gets one county
// 批复. The same step, date, note and documents go to each case in turn, each checked by the
// same rules as a single step and stored in its own transaction: one refused case does not
// block the others. The shared document is stored once (content-addressed) and each case
// references it.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "app/workflow/case_json.h"
#include "app/workflow/workflow_service.h"

namespace fangpin::app {

struct BatchOutcome {
  std::int64_t case_id = 0;
  std::optional<CaseRecord> done;  // the case after the step
  std::optional<Error> refused;    // why not (a case outside the actor's scope: NotFound)
};

struct BatchResult {
  std::vector<BatchOutcome> outcomes;  // in the order asked, each case id once
  int done = 0;
  int refused = 0;
};

// At most this many cases per batch (a notice board's list, not a county).
inline constexpr std::size_t kMaxBatchCases = 500;

// Invalid when `ids` is empty, longer than kMaxBatchCases or holds a non-positive id. A case
// the actor may not see (outside actor.scope; for a 帮扶责任人, not assigned to them) is
// reported "不存在或不在管辖范围内", exactly like a missing one.
Result<BatchResult> take_batch_step(WorkflowEnv& env, const workflow::Actor& actor, std::vector<std::int64_t> ids,
                                    const workflow::StepInput& input);

// The answer of a batch, for the CLI (--format json) and the API alike:
// {"step","date","done","refused","independent":true,"results":[{"case_id","done":true,
// "state","status","version"} | {"case_id","done":false,"error":{"code","message","field"}}]}
// (codes as the API's errors: invalid, not_found, conflict, forbidden, refused,
// failed_precondition; an internal failure is not described).
Json batch_view(const BatchResult& r, const workflow::StepInput& input);

}  // namespace fangpin::app
