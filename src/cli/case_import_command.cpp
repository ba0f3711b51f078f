#include "cli/case_import_command.h"

#include <iostream>

#include <fmt/format.h>

#include "app/case_import.h"

namespace fangpin::cli {

int cmd_import_cases(const Context& g, io::CaseTable table, const std::string& file, bool strict,
                     const std::string& rejects) {
  auto db = open_store(g, false);
  if (!db) return fail(db.error());
  // The operator at the console acts for the county (存量 cases are county decisions).
  app::CaseImportRequest req{table, file, strict, workflow::Actor{current_user(), Role::County, ""}, now_utc(), file};
  auto report = app::import_case_file(**db, req);
  if (!report) return fail(report.error());
  for (const auto& w : report->warnings) std::cerr << "警告: " << w << '\n';
  for (const auto& e : report->errors) std::cout << fmt::format("第 {} 行 [{}] {}\n", e.row, e.column, e.reason);
  if (!rejects.empty()) {
    if (auto st = app::write_rejects(rejects, report->errors); !st) return fail(st.error());
  }
  if (strict && report->rejected > 0)
    std::cout << "严格模式：存在错误行，本次未写入任何数据\n";
  else
    std::cout << fmt::format("{}（{}）：新增 {}，未变 {}（已导入过）\n", io::table_title(table), report->encoding,
                             report->written.inserted, report->written.unchanged);
  std::cout << fmt::format("imported {}, rejected {}\n", report->imported, report->rejected);
  return report->rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace fangpin::cli
