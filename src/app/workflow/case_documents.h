// Which documents (四级档案) a case references: what the case store indexes with every
// case write (store::CaseRow::documents), so access checks and the expiry of unreferenced
// uploads never parse case JSON.
#pragma once
#include <string>
#include <vector>

#include "domain/workflow/case.h"

namespace fangpin::app {

// Every SHA-256 name in the steps' history, the plan and the measures' evidence, once each,
// in that order of first appearance.
std::vector<std::string> documents_of(const workflow::Case& c);

}  // namespace fangpin::app
