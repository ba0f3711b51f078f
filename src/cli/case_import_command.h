// `fangpin import cases|measures FILE` (README "Existing cases"): the registry's `import`
// command hands these two tables here.
#pragma once
#include <string>

#include "cli/common.h"
#include "io/case_format.h"

namespace fangpin::cli {

// Imports a 存量监测对象 or 帮扶措施 file as the operator (audit role 县级, no scope); prints
// the row report like the registry import. Exit 0, or 3 when rows were rejected.
int cmd_import_cases(const Context& g, io::CaseTable table, const std::string& file, bool strict,
                     const std::string& rejects);

}  // namespace fangpin::cli
