#include "domain/finding.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace fangpin {

namespace {

bool sha256_like(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string kinds_text(const Policy& policy) {
  std::string out;
  for (const auto& k : policy.negative_list_kinds)
    if (k != "公职人员") out += (out.empty() ? "" : "|") + k;
  return out;
}

}  // namespace

Status validate_finding(const NegativeFinding& f, const Policy& policy, const Date& today) {
  if (f.kind == "公职人员")
    return invalid("公职人员来自登记信息（成员“是否公职人员”），不作为核查发现记录", "kind");
  if (!policy.excludes(f.kind))
    return invalid(fmt::format("kind 应为负面清单类别之一（{}）：{}", kinds_text(policy), f.kind), "kind");
  if (f.note.empty()) return invalid("须说明核查发现的情况（note）", "note");
  if (f.evidence.empty()) return invalid("须附至少一份佐证材料（evidence，档案 SHA-256）", "evidence");
  for (const auto& e : f.evidence)
    if (!sha256_like(e)) return invalid("evidence 应为档案文件的 SHA-256（64 位小写十六进制）：" + e.substr(0, 64), "evidence");
  if (today < f.found_on) return invalid(fmt::format("核查日期 {} 晚于今天 {}", f.found_on.iso(), today.iso()), "date");
  return Ok{};
}

std::vector<FindingStatus> finding_statuses(const std::vector<NegativeFinding>& records) {
  std::map<std::int64_t, FindingStatus> by_id;
  for (const auto& r : records)
    if (!r.withdraws) by_id[r.id].finding = r;
  for (const auto& r : records)
    if (r.withdraws) {
      auto it = by_id.find(*r.withdraws);
      if (it != by_id.end()) it->second.withdrawal = r;
    }
  std::vector<FindingStatus> out;
  out.reserve(by_id.size());
  for (auto& [id, s] : by_id) out.push_back(std::move(s));
  return out;
}

}  // namespace fangpin
