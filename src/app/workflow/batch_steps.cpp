#include "app/workflow/batch_steps.h"

#include <algorithm>

#include <fmt/format.h>

namespace fangpin::app {

Result<BatchResult> take_batch_step(WorkflowEnv& env, const workflow::Actor& actor, std::vector<std::int64_t> ids,
                                    const workflow::StepInput& input) {
  if (ids.empty()) return invalid("未指明案件", "cases");
  if (ids.size() > kMaxBatchCases)
    return invalid(fmt::format("一次最多办理 {} 个案件（本次 {} 个）", kMaxBatchCases, ids.size()), "cases");
  for (std::int64_t id : ids)
    if (id <= 0) return invalid(fmt::format("案件编号应为正整数：{}", id), "cases");
  // Each case once, in the order given.
  std::vector<std::int64_t> unique;
  for (std::int64_t id : ids)
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);

  BatchResult out;
  for (std::int64_t id : unique) {
    BatchOutcome o{id, std::nullopt, std::nullopt};
    auto current = load_case(env, id);
    const bool visible = current && current->c.region_code.starts_with(actor.scope) &&
                         (actor.role != Role::Caseworker || current->c.caseworker == actor.name);
    if (!current && current.error().kind != ErrorKind::NotFound) {
      o.refused = current.error();
    } else if (!visible) {
      o.refused = not_found(fmt::format("案件 {} 不存在或不在管辖范围内", id), "case_id");
    } else {
      // The single step's use case: its own load, rules and transaction.
      auto r = take_step(env, actor, id, input);
      if (r) o.done = std::move(*r);
      else o.refused = r.error();
    }
    if (o.done) ++out.done;
    else ++out.refused;
    out.outcomes.push_back(std::move(o));
  }
  return out;
}

Json batch_view(const BatchResult& r, const workflow::StepInput& input) {
  static constexpr std::string_view kCodes[] = {"invalid", "not_found", "conflict", "forbidden", "refused",
                                                "failed_precondition", "unsupported", "internal"};
  Json results = Json::array();
  for (const BatchOutcome& o : r.outcomes) {
    if (o.done) {
      results.push_back(Json{{"case_id", o.case_id},
                             {"done", true},
                             {"state", o.done->c.state_label()},
                             {"status", label(o.done->c.status)},
                             {"version", o.done->version}});
      continue;
    }
    const Error& e = *o.refused;
    const bool internal = e.kind == ErrorKind::Internal;
    results.push_back(Json{{"case_id", o.case_id},
                           {"done", false},
                           {"error", Json{{"code", kCodes[static_cast<int>(e.kind)]},
                                          {"message", internal ? std::string("服务器内部错误") : e.message},
                                          {"field", internal ? std::string() : e.field}}}});
  }
  return Json{{"step", label(input.step)}, {"date", input.on.iso()}, {"done", r.done},
              {"refused", r.refused}, {"independent", true}, {"results", std::move(results)}};
}

}  // namespace fangpin::app
