#include "app/findings.h"

#include <fmt/format.h>

namespace fangpin::app {

Result<NegativeFinding> add_finding(store::Store& registry, const Policy& policy, const FindingActor& actor,
                                    NegativeFinding f, const Date& today) {
  f.found_by = actor.name;
  f.role = actor.role;
  f.withdraws.reset();
  if (auto s = validate_finding(f, policy, today); !s) return s.error();
  return registry.add_negative_finding(f);
}

Result<NegativeFinding> withdraw_finding(store::Store& registry, const FindingActor& actor,
                                         const std::string& household_id, std::int64_t finding_id, const Date& on,
                                         const std::string& reason, const Date& today) {
  if (reason.empty()) return invalid("撤销核查发现须说明理由（reason）", "reason");
  if (today < on) return invalid(fmt::format("撤销日期 {} 晚于今天 {}", on.iso(), today.iso()), "date");
  auto records = registry.negative_findings(household_id);
  if (!records) return records.error();
  const NegativeFinding* target = nullptr;
  for (const auto& r : *records)
    if (r.id == finding_id && !r.withdraws) target = &r;
  if (target == nullptr) return not_found(fmt::format("户 {} 没有核查发现 {}", household_id, finding_id), "finding");
  if (on < target->found_on)
    return invalid(fmt::format("撤销日期 {} 早于发现日期 {}", on.iso(), target->found_on.iso()), "date");
  NegativeFinding w;
  w.household_id = household_id;
  w.kind = target->kind;
  w.found_on = on;
  w.found_by = actor.name;
  w.role = actor.role;
  w.note = reason;
  w.withdraws = finding_id;
  return registry.add_negative_finding(w);
}

Result<std::vector<FindingStatus>> list_findings(store::Store& registry, const std::string& household_id) {
  auto known = registry.existing_households(std::span<const std::string>(&household_id, 1));
  if (!known) return known.error();
  if (known->empty()) return not_found(fmt::format("户编号 {} 不在登记库中", household_id), "household_id");
  auto records = registry.negative_findings(household_id);
  if (!records) return records.error();
  return finding_statuses(*records);
}

std::string active_findings_reason(const std::vector<FindingStatus>& findings) {
  std::string out;
  for (const auto& s : findings) {
    if (!s.active()) continue;
    const auto& f = s.finding;
    out += fmt::format("{}{}（第 {} 号，{} {}）", out.empty() ? "" : "；", f.kind, f.id, f.found_by, f.found_on.iso());
  }
  return out.empty() ? out : "负面清单核查发现：" + out;
}

}  // namespace fangpin::app
