// Cases that reference documents, written straight through the case store (as the workflow
// use cases would store them), for the documents API tests and the authorization matrix.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/workflow/case_documents.h"
#include "app/workflow/case_json.h"
#include "domain/workflow/case.h"
#include "store/database.h"
#include "store/file_store.h"

namespace fangpin::testing {

// A small valid-looking PDF whose content (and so its SHA-256) depends on `tag`.
inline std::string pdf_bytes(const std::string& tag) { return "%PDF-1.4\n% fangpin test " + tag + "\n%%EOF\n"; }
inline std::string png_bytes(const std::string& tag) {
  return std::string("\x89PNG\r\n\x1A\n", 8) + "test image " + tag;
}

// Puts `bytes` into the file store at `root` (as the CLI's --doc does: no upload row).
inline std::string put_file(const std::string& root, const std::string& bytes) {
  store::FileStore files(root);
  auto f = files.put(bytes);
  EXPECT_TRUE(f.ok()) << (f ? "" : f.error().message);
  return f ? f->sha256 : std::string();
}

struct SeedCase {
  SeedCase(std::string household, std::string region, std::string worker, bool is_active = true)
      : household_id(std::move(household)), region_code(std::move(region)), caseworker(std::move(worker)),
        active(is_active) {}
  std::string household_id;
  std::string region_code;
  std::string caseworker;
  bool active = true;
  std::vector<std::string> visit_docs;    // on 入户核查 (step 01)
  std::vector<std::string> appraisal_docs;  // on 村级评议 (step 03)
  std::vector<std::string> plan_docs;
  std::vector<std::string> evidence;      // on measure 1
  std::string note = "入户核查完成";
};

// Stores the case (with its document index) and returns its id; 0 on failure.
inline std::int64_t seed_case(store::Database& db, const SeedCase& s) {
  using namespace workflow;
  Case c;
  c.household_id = s.household_id;
  c.region_code = s.region_code;
  c.channel = Channel::CadreCheck;
  c.clue_date = *Date::parse("2023-03-01");
  c.clue_note = "干部走访发现";
  c.status = s.active ? CaseStatus::Monitored : CaseStatus::Rejected;
  c.progress = 10;
  c.type = MonitoredType::Marginal;
  c.reasons.add(RiskReason::Illness);
  c.approved_on = *Date::parse("2023-04-10");
  if (!s.active) {
    c.closed_on = *Date::parse("2023-04-10");
    c.closed_reason = "不符合条件";
  }
  c.caseworker = s.caseworker;
  c.caseworker_on = *Date::parse("2023-04-11");
  c.history.push_back(StepRecord{Step::Visit, *Date::parse("2023-03-02"), "u_village", Role::Village, s.note,
                                 s.visit_docs});
  c.history.push_back(StepRecord{Step::Commitment, *Date::parse("2023-03-02"), "u_village", Role::Village, "", {}});
  c.history.push_back(StepRecord{Step::VillageAppraisal, *Date::parse("2023-03-06"), "u_village", Role::Village,
                                 "评议通过", s.appraisal_docs});
  if (!s.plan_docs.empty() || s.active)
    c.plan = Plan{*Date::parse("2023-04-12"), "医疗救助与公益岗位", s.plan_docs, std::nullopt};
  if (s.active)
    c.measures.push_back(Measure{1, MeasureCategory::Health, *Date::parse("2023-04-15"), 120000, "县医保局",
                                 "大病救助", s.evidence});
  store::CaseRow row{0, c.household_id, c.region_code, std::string(label(c.status)), c.active(),
                     c.clue_date.iso(), 0, app::case_to_text(c), app::documents_of(c), std::nullopt};
  store::AuditDraft ev{"u_village", "村级", "2026-01-01T00:00:00Z", "2023-03-01", "立案", "", ""};
  auto stored = db.cases().create_case(row, ev);
  EXPECT_TRUE(stored.ok()) << (stored ? "" : stored.error().message);
  return stored ? stored->id : 0;
}

}  // namespace fangpin::testing
