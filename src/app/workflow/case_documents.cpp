#include "app/workflow/case_documents.h"

#include <algorithm>

namespace fangpin::app {

std::vector<std::string> documents_of(const workflow::Case& c) {
  std::vector<std::string> out;
  auto add = [&](const std::vector<std::string>& names) {
    for (const std::string& n : names)
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const workflow::StepRecord& r : c.history) add(r.documents);
  if (c.plan) add(c.plan->documents);
  for (const workflow::Measure& m : c.measures) add(m.evidence);
  return out;
}

}  // namespace fangpin::app
