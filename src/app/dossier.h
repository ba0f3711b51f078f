// The household dossier (整户档案, SPEC §13): one zip with every case of a household the
// viewer may see — the case record with its audit events, a readable zh-CN summary, and every
// document the case references, named by the step that attached it.
#pragma once
#include <string>
#include <vector>

#include "app/documents.h"
#include "store/database.h"
#include "store/file_store.h"
#include "store/store.h"

namespace fangpin::app {

struct Dossier {
  std::string file_name;             // <户编号>-档案.zip
  std::string bytes;                 // the zip
  std::vector<std::string> entries;  // entry names, in archive order
  std::size_t cases = 0;
};

// Layout:
//   户信息.txt (last)                           household, region, the cases included
//   案件/<case_id>/case.json                     case_view + "audit" (events), numbers masked
//   案件/<case_id>/摘要.txt                      household, type, reasons, steps, caseworker, plan, measures, state
//   案件/<case_id>/材料/<NN>-<step>-<sha8>.<ext>  a step's documents (NN: the step's place in the history)
//   案件/<case_id>/材料/帮扶计划-<sha8>.<ext>, 措施<id>-<category>-<sha8>.<ext>
// A 帮扶责任人 gets only its own cases. The read is logged in access_log ("dossier", 户编号).
// A referenced file missing from the store is named in the summary instead of failing the
// whole dossier.
Result<Dossier> household_dossier(store::Database& db, const store::FileStore& files,
                                  const store::HouseholdDetail& household, const Viewer& v,
                                  const std::string& now_iso);

}  // namespace fangpin::app
