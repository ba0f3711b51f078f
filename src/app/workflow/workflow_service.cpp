#include "app/workflow/workflow_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/workflow/case_documents.h"
#include "app/workflow/case_json.h"
#include "app/findings.h"
#include "domain/assessment.h"
#include "domain/business_date.h"

namespace fangpin::app {

using namespace workflow;

namespace {

store::AuditDraft draft(const WorkflowEnv& env, const Actor& actor, const Date& on, std::string action,
                        std::string before, std::string after) {
  return store::AuditDraft{actor.name, std::string(label(actor.role)), env.now, on.iso(), std::move(action),
                           std::move(before), std::move(after)};
}

// The record date is within the policy's window of today (env.now's UTC date).
Status check_record_date(const WorkflowEnv& env, const Date& on) {
  auto today = Date::parse(std::string_view(env.now).substr(0, 10));
  if (!today) return Ok{};  // no clock given (never in the CLI or the server)
  return check_business_date(on, *today, env.params.business_date_max_days_ahead, "date");
}

// Stores `next` over `current` (same id/version) with its audit event.
Result<CaseRecord> save(WorkflowEnv& env, const CaseRecord& current, const Case& next, const Actor& actor,
                        const Date& on, std::string action) {
  if (auto s = check_record_date(env, on); !s) return s.error();
  auto change = change_json(current.c, next);
  auto stored = env.cases.update_case(case_row(next, current.c.id, current.version, &current.c),
                                      draft(env, actor, on, std::move(action), std::move(change.before),
                                            std::move(change.after)));
  if (!stored) return stored.error();
  CaseRecord out{next, stored->version};
  out.c.id = current.c.id;
  return out;
}

// The case as stored; a client's stale view (expected_version differs) is a Conflict.
Result<CaseRecord> load_current(WorkflowEnv& env, std::int64_t id, std::optional<std::int64_t> expected_version) {
  auto current = load_case(env, id);
  if (!current) return current.error();
  if (expected_version && *expected_version != current->version)
    return Error{ErrorKind::Conflict,
                 fmt::format("案件 {} 已被他人更新（预期版本 {}，现为 {}），请重新读取后再办理", id, *expected_version,
                             current->version),
                 "version"};
  return current;
}

// A write without a client version applies to whatever is current: when another writer
// stored a new version between this read and this write, read again and apply the rules to
// the newer case (a few times). With a client version the Conflict is the answer.
template <class Attempt>
Result<CaseRecord> apply_to_current(std::optional<std::int64_t> expected_version, Attempt&& attempt) {
  constexpr int kAttempts = 10;  // each lost race means another writer finished
  for (int i = 1;; ++i) {
    Result<CaseRecord> r = attempt();
    if (r || expected_version || r.error().kind != ErrorKind::Conflict || i == kAttempts) return r;
  }
}

// 信息比对 against the registry record (see fill_comparison).
Status compare_with_registry(WorkflowEnv& env, const Case& c, StepInput& in) {
  auto found = env.registry.find_household(c.household_id);
  if (!found) return found.error();
  if (!*found) return not_found(fmt::format("户编号 {} 不在登记库中", c.household_id), "household_id");
  fill_comparison(**found, env.policy, in);
  return Ok{};
}

}  // namespace

store::CaseRow case_row(const Case& next, std::int64_t id, std::int64_t version, const Case* before) {
  store::CaseRow row{id,      next.household_id, next.region_code,    std::string(label(next.status)), next.active(),
                     next.clue_date.iso(), version, case_to_text(next), documents_of(next), std::nullopt};
  const auto decided = registry_monitor(next);
  if (decided && (before == nullptr || registry_monitor(*before) != decided))
    row.monitor = store::HouseholdMonitorWrite{decided->type ? std::string(label(*decided->type)) : std::string(),
                                               std::string(label(decided->status)), next.last_date().iso()};
  return row;
}

void fill_comparison(const store::HouseholdDetail& d, const Policy& policy, StepInput& in) {
  in.negative_hits = negative_list_hits(d.members, d.negative_facts, in.on, policy);
  const Finance* latest = nullptr;
  for (const Finance& f : d.finances)
    if (f.year <= in.on.year && (latest == nullptr || f.year > latest->year)) latest = &f;
  if (latest == nullptr) return;
  const Finance* previous = nullptr;
  for (const Finance& f : d.finances)
    if (f.year == latest->year - 1) previous = &f;
  auto line = policy.line_for(latest->year, d.household.region_code);
  if (!line) return;  // no line for the year: cadres decide at 评议
  HouseholdFacts facts{&d.household, d.members, latest, previous, d.negative_facts, false};
  auto a = assess(facts, latest->year, *line, policy);
  if (!a) return;
  in.assessed = true;
  if (a->candidate) {
    in.suggested_type = a->type;
    in.suggested_reasons = a->risk_reasons;
  }
}

std::unique_ptr<LoadedHousehold> loaded_household(const store::HouseholdDetail& d, const Policy& policy) {
  auto h = std::make_unique<LoadedHousehold>();
  h->household = d.household;
  h->members = d.members;
  h->state.household = &h->household;
  h->state.members = h->members;
  h->state.finances = d.finances;
  for (const Finance& f : h->state.finances) {
    auto line = policy.line_for(f.year, h->household.region_code);
    if (line) h->state.lines[f.year] = *line;
  }
  return h;
}

Result<CaseRecord> load_case(WorkflowEnv& env, std::int64_t id) {
  auto row = env.cases.find_case(id);
  if (!row) return row.error();
  if (!*row) return not_found(fmt::format("案件 {} 不存在", id), "case");
  auto c = case_from_text((*row)->data);
  if (!c) return c.error();
  c->id = id;
  return CaseRecord{std::move(*c), (*row)->version};
}

Result<CaseRecord> open_case(WorkflowEnv& env, const Actor& actor, const std::string& household_id, Channel channel,
                             const Date& clue_date, const std::string& note) {
  if (auto s = check_record_date(env, clue_date); !s) return s.error();
  auto found = env.registry.find_household(household_id);
  if (!found) return found.error();
  if (!*found) return not_found(fmt::format("户编号 {} 不在登记库中", household_id), "household_id");
  auto c = workflow::open_case(OpenInput{household_id, (*found)->household.region_code, channel, clue_date, note}, actor);
  if (!c) return c.error();
  auto stored = env.cases.create_case(case_row(*c, 0, 0), draft(env, actor, clue_date, "立案", "", ""));
  if (!stored) return stored.error();
  c->id = stored->id;
  return CaseRecord{std::move(*c), stored->version};
}

Result<CaseRecord> take_step(WorkflowEnv& env, const Actor& actor, std::int64_t id, StepInput input,
                             std::optional<std::int64_t> expected_version) {
  return apply_to_current(expected_version, [&]() -> Result<CaseRecord> {
    auto current = load_current(env, id, expected_version);
    if (!current) return current.error();
    // Facts come from the registry, never from the user.
    input.negative_hits.clear();
    input.assessed = false;
    input.suggested_type.reset();
    input.suggested_reasons = {};
    input.eligibility_failures.clear();
    const auto next = current->c.next_step();
    if (input.step == Step::Comparison && next == Step::Comparison) {
      if (auto s = compare_with_registry(env, current->c, input); !s) return s.error();
    } else if (input.step == Step::ElimNominate && current->c.status == CaseStatus::Monitored) {
      auto h = load_household(env, current->c.household_id);
      if (!h) return h.error();
      input.eligibility_failures = check_elimination(current->c, (*h)->state, input.on, env.params).failures();
    }
    // SPEC §5: a 驳回 or 清退 without a note takes the household's active negative-list
    // findings as its reason.
    if ((input.step == Step::Reject || input.step == Step::Removal) && input.note.empty()) {
      auto findings = list_findings(env.registry, current->c.household_id);
      if (!findings) return findings.error();
      input.note = active_findings_reason(*findings);
    }
    auto next_case = apply_step(current->c, actor, input, env.params, env.calendar);
    if (!next_case) return next_case.error();
    return save(env, *current, *next_case, actor, input.on, std::string(label(input.step)));
  });
}

Result<CaseRecord> assign_caseworker(WorkflowEnv& env, const Actor& actor, std::int64_t id,
                                     const std::string& caseworker, const Date& on,
                                     std::optional<std::int64_t> expected_version) {
  return apply_to_current(expected_version, [&]() -> Result<CaseRecord> {
    auto current = load_current(env, id, expected_version);
    if (!current) return current.error();
    auto next = workflow::assign_caseworker(current->c, actor, caseworker, on);
    if (!next) return next.error();
    return save(env, *current, *next, actor, on, "确定帮扶责任人");
  });
}

Result<CaseRecord> set_plan(WorkflowEnv& env, const Actor& actor, std::int64_t id, const Plan& plan,
                            std::optional<std::int64_t> expected_version) {
  return apply_to_current(expected_version, [&]() -> Result<CaseRecord> {
    auto current = load_current(env, id, expected_version);
    if (!current) return current.error();
    auto next = workflow::set_plan(current->c, actor, plan);
    if (!next) return next.error();
    return save(env, *current, *next, actor, plan.on, "帮扶计划");
  });
}

Result<CaseRecord> add_measure(WorkflowEnv& env, const Actor& actor, std::int64_t id, const Measure& measure,
                               std::optional<std::int64_t> expected_version) {
  return apply_to_current(expected_version, [&]() -> Result<CaseRecord> {
    auto current = load_current(env, id, expected_version);
    if (!current) return current.error();
    auto next = workflow::add_measure(current->c, actor, measure);
    if (!next) return next.error();
    return save(env, *current, *next, actor, measure.start, "帮扶措施");
  });
}

Result<std::unique_ptr<LoadedHousehold>> load_household(WorkflowEnv& env, const std::string& household_id) {
  auto found = env.registry.find_household(household_id);
  if (!found) return found.error();
  if (!*found) return not_found(fmt::format("户编号 {} 不在登记库中", household_id), "household_id");
  return loaded_household(**found, env.policy);
}

Result<std::vector<CaseRecord>> list_case_records(WorkflowEnv& env, const std::string& prefix,
                                                  const std::string& caseworker) {
  auto rows = env.cases.list_cases(prefix);
  if (!rows) return rows.error();
  std::vector<CaseRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    auto c = case_from_text(r.data);
    if (!c) return Error{c.error().kind, fmt::format("案件 {}：{}", r.id, c.error().message), c.error().field};
    if (!caseworker.empty() && c->caseworker != caseworker) continue;
    c->id = r.id;
    out.push_back(CaseRecord{std::move(*c), r.version});
  }
  return out;
}

namespace {

// The reports' cases (list_case_records without the versions).
Result<std::vector<Case>> cases_under(WorkflowEnv& env, const std::string& prefix, const std::string& caseworker) {
  auto records = list_case_records(env, prefix, caseworker);
  if (!records) return records.error();
  std::vector<Case> out;
  out.reserve(records->size());
  for (auto& r : *records) out.push_back(std::move(r.c));
  return out;
}

}  // namespace

Result<std::vector<DueRow>> case_due_rows(WorkflowEnv& env, const Case& c, const Date& as_of, int within_days) {
  std::vector<DueRow> out;
  if (as_of < c.clue_date) return out;  // not yet opened on that date
  auto items = due_items(c, as_of, env.params, env.calendar);
  if (!items) return Error{items.error().kind, fmt::format("案件 {}：{}", c.id, items.error().message), items.error().field};
  for (auto& item : *items) {
    const int left = static_cast<int>((item.due.to_days() - as_of.to_days()).count());
    if (left > within_days) continue;
    out.push_back(DueRow{c.id, c.household_id, c.region_code, c.state_label(), std::move(item), left, left < 0});
  }
  return out;
}

Result<std::vector<DueRow>> due_list(WorkflowEnv& env, const Date& as_of, int within_days, const std::string& prefix,
                                     const std::string& caseworker) {
  auto cases = cases_under(env, prefix, caseworker);
  if (!cases) return cases.error();
  std::vector<DueRow> out;
  for (const Case& c : *cases) {
    auto rows = case_due_rows(env, c, as_of, within_days);
    if (!rows) return rows.error();
    for (auto& r : *rows) out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const DueRow& a, const DueRow& b) { return a.item.due < b.item.due; });
  return out;
}

Result<std::vector<EligibilityRow>> eliminate_check(WorkflowEnv& env, const Date& as_of, const std::string& prefix,
                                                    const std::string& caseworker) {
  auto cases = cases_under(env, prefix, caseworker);
  if (!cases) return cases.error();
  std::vector<EligibilityRow> out;
  for (const Case& c : *cases) {
    if (c.status != CaseStatus::Monitored || !c.approved_on || as_of < *c.approved_on) continue;
    auto h = load_household(env, c.household_id);
    if (!h) return h.error();
    out.push_back(EligibilityRow{c.id, c.household_id, c.region_code, check_elimination(c, (*h)->state, as_of, env.params)});
  }
  return out;
}

Result<std::vector<BackcheckRow>> backcheck_list(WorkflowEnv& env, const Date& as_of, const std::string& prefix,
                                                 const std::string& caseworker) {
  auto cases = cases_under(env, prefix, caseworker);
  if (!cases) return cases.error();
  std::vector<BackcheckRow> out;
  for (const Case& c : *cases) {
    if (c.status != CaseStatus::Eliminated || !c.eliminated_on || as_of < *c.eliminated_on) continue;
    auto h = load_household(env, c.household_id);
    if (!h) return h.error();
    out.push_back(BackcheckRow{c.id, c.household_id, c.region_code, c.eliminated_on->iso(),
                               backcheck_findings(c, (*h)->state, as_of, env.params)});
  }
  return out;
}

Result<std::vector<QualityRow>> quality_list(WorkflowEnv& env, const Date& as_of, const std::string& prefix,
                                             const std::string& caseworker) {
  auto cases = cases_under(env, prefix, caseworker);
  if (!cases) return cases.error();
  std::vector<QualityRow> out;
  for (const Case& c : *cases) {
    if (!c.approved_on || as_of < *c.approved_on) continue;
    auto h = load_household(env, c.household_id);
    if (!h) return h.error();
    auto flags = quality_flags(c, (*h)->state, as_of, env.params, env.calendar);
    if (!flags) return Error{flags.error().kind, fmt::format("案件 {}：{}", c.id, flags.error().message), flags.error().field};
    for (auto& f : *flags) out.push_back(QualityRow{c.id, c.household_id, c.region_code, std::move(f)});
  }
  return out;
}

Result<ChainCheck> verify_audit(WorkflowEnv& env) {
  auto events = env.cases.audit_events(std::nullopt);
  if (!events) return events.error();
  return verify_chain(*events);
}

}  // namespace fangpin::app
